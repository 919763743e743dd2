import AlmanacModel
import Foundation
import Yams

extension DeploymentResolver {
    /// An Argo CD Application: each source (a folder of this repo built as Helm chart, Kustomize
    /// or plain directory; or a chart from a Helm repository) with the Application's overrides;
    /// `destination.namespace` fills in objects that name none.
    mutating func processArgo(_ app: RenderedObject, cluster: String, parent: String?) {
        let name = app.name ?? "?"
        guard seenUnits.insert("\(cluster)|app|\(name)").inserted else { return }
        let destination = app.tree[path: "spec", "destination", "namespace"]?.string
        let sources = Self.sources(of: app.tree)
        var unit = DeploymentUnit(kind: .argoApplication, name: name, namespace: destination, cluster: cluster,
                                  location: app.tree.location, parent: parent)
        var objects: [RenderedObject] = []
        var refs: [String: String] = [:]  // `ref` name → repo folder, for `$ref/values.yaml`
        for source in sources {
            if let ref = source["ref"]?.string {
                refs[ref] = RepoPath.fromRoot(source["path"]?.string ?? "") ?? ""
            }
        }
        var descriptions: [String] = []
        for source in sources {
            if source["ref"] != nil, source["path"] == nil, source["chart"] == nil { continue }
            if let chart = source["chart"]?.string {
                unit.installsChart = true
                descriptions.append("chart \(chart)")
                let values = helmValues(source["helm"], chartFolder: nil, refs: refs, base: .mapping([], at: source.location))
                objects += render(release: source[path: "helm", "releaseName"]?.string ?? name, namespace: destination, chart: chart,
                                  source: source["repoURL"]?.string, version: source["targetRevision"]?.string, values: values,
                                  localChart: nil, cluster: cluster, location: source.location)
                continue
            }
            guard let path = source["path"]?.string, let folder = RepoPath.fromRoot(path) else { continue }
            descriptions.append(folder.isEmpty ? "." : folder)
            guard index.isFolder(folder) else {
                unit.problem = "path \(path) is not in this repository"
                note("gitops.external-source", "Application \(name) deploys '\(path)' from \(source["repoURL"]?.string ?? "another repository"), which is not in this checkout",
                     source.location)
                continue
            }
            if index.files.contains(RepoPath.join(folder, "Chart.yaml")) {
                unit.installsChart = true
                let chartName = index.documents[RepoPath.join(folder, "Chart.yaml")]?.first?["name"]?.string ?? RepoPath.basename(folder)
                let base = chartValues(folder: folder, files: [])
                builder.markUsed(RepoPath.join(folder, "values.yaml"))
                let values = helmValues(source["helm"], chartFolder: folder, refs: refs, base: base)
                objects += render(release: source[path: "helm", "releaseName"]?.string ?? name, namespace: destination, chart: chartName,
                                  source: nil, version: nil, values: values, localChart: folder, cluster: cluster, location: source.location)
            } else if index.kustomizationFile(in: folder) != nil {
                var built = builder.build(folder: folder)
                if let kustomize = source["kustomize"] { built = applyArgoKustomize(kustomize, to: built, folder: folder) }
                objects += built
            } else {
                let recurse = source[path: "directory", "recurse"]?.string == "true"
                objects += builder.build(folder: folder, generate: recurse, recurse: recurse)
            }
        }
        unit.source = descriptions.joined(separator: ", ")
        if let destination {
            for i in objects.indices where objects[i].namespace == nil && objects[i].isNamespaced { objects[i].setNamespace(destination) }
        }
        let index = addUnit(unit, objects: objects)
        record(Deployed(object: app, unit: index, cluster: cluster))
        dispatch(objects, unit: index, cluster: cluster)
    }

    /// Helm values of an Argo source, in Argo's precedence: valueFiles, values, valuesObject, parameters.
    func helmValues(_ helm: YAMLTree?, chartFolder: String?, refs: [String: String], base: YAMLTree) -> YAMLTree {
        var values = base
        guard let helm else { return values }
        for file in helm["valueFiles"]?.items ?? [] {
            guard let relative = file.string else { continue }
            var path: String?
            if relative.hasPrefix("$"), let slash = relative.firstIndex(of: "/") {
                let ref = String(relative[relative.index(after: relative.startIndex)..<slash])
                path = refs[ref].flatMap { RepoPath.resolve(String(relative[relative.index(after: slash)...]), from: $0) }
            } else if let chartFolder {
                path = RepoPath.resolve(relative, from: chartFolder)
            }
            if let path, let document = index.documents[path]?.first { values = values.merged(with: document) }
        }
        if let inline = helm["values"] {
            if let text = inline.string, let node = try? YAMLLimits.compose(text) {
                values = values.merged(with: YAMLTree(node: node, path: inline.location.path, lineOffset: inline.location.line))
            } else if inline.isMapping {
                values = values.merged(with: inline)
            }
        }
        if let object = helm["valuesObject"] { values = values.merged(with: object) }
        for parameter in helm["parameters"]?.items ?? [] {
            guard let name = parameter["name"]?.string, let value = parameter["value"] else { continue }
            values.set(Self.helmPath(name), to: value)
        }
        return values
    }

    /// `a.b[0].c` as Helm `--set` writes it, as keys (indices kept as keys: enough for reading).
    static func helmPath(_ path: String) -> [String] {
        path.replacingOccurrences(of: "\\.", with: "\u{1}").split(separator: ".").map {
            $0.replacingOccurrences(of: "\u{1}", with: ".")
        }
    }

    /// `spec.source.kustomize` overrides: namespace, name prefix/suffix (replacing the
    /// kustomization's), images, patches, components.
    mutating func applyArgoKustomize(_ kustomize: YAMLTree, to objects: [RenderedObject], folder: String) -> [RenderedObject] {
        var result = objects
        for component in kustomize["components"]?.items ?? [] {
            if let reference = component.string { result = builder.component(reference, from: folder, at: component.location, to: result) }
        }
        for patch in kustomize["patches"]?.items ?? [] { result = builder.applyPatch(patch, folder: folder, to: result) }
        if let namespace = kustomize["namespace"]?.string {
            for i in result.indices where result[i].isNamespaced { result[i].setNamespace(namespace) }
        }
        if let images = kustomize["images"]?.items {
            let rules = images.compactMap { image -> YAMLTree? in
                guard let text = image.string else { return image.isMapping ? image : nil }
                // Argo writes `name=newName:tag` or `name:tag`.
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                let target = parts.last ?? text
                let (newName, tag) = target.lastIndex(of: ":").map { (String(target[..<$0]), String(target[target.index(after: $0)...])) } ?? (target, "")
                var entries: [(String, YAMLTree)] = [("name", .scalar(parts.count > 1 ? parts[0] : newName, at: image.location)),
                                                     ("newName", .scalar(newName, at: image.location))]
                if !tag.isEmpty { entries.append(("newTag", .scalar(tag, at: image.location))) }
                return .mapping(entries, at: image.location)
            }
            for i in result.indices { result[i].tree = KustomizeBuilder.retag(result[i].tree, images: rules) }
        }
        return result
    }

    /// An ApplicationSet: the Applications its generators create, each followed.
    mutating func processApplicationSet(_ appSet: RenderedObject, cluster: String, parent: String?) {
        guard seenUnits.insert("\(cluster)|appset|\(appSet.name ?? "?")").inserted else { return }
        let index = self.index
        let own = ownSourceURLs
        let context = ApplicationSetExpander.Context(
            isThisRepo: { url in Self.isOwnRepository(url, own: own) },
            directories: { index.folders.filter { !$0.isEmpty }.sorted() },
            files: { index.files.sorted() },
            readYAML: { path in index.documents[path] ?? [] })
        let result = ApplicationSetExpander.expand(appSet.tree, context: context)
        diagnostics += result.diagnostics
        let display = "ApplicationSet/\(appSet.name ?? "?")"
        for application in result.applications {
            processArgo(RenderedObject(tree: application), cluster: cluster, parent: parent ?? display)
        }
    }

    /// A git URL is this repository when it is the one the roots deploy from (compared without
    /// scheme, user, `.git` and trailing slash); with nothing to compare against, every URL is.
    static func isOwnRepository(_ url: String, own: Set<String>) -> Bool {
        own.isEmpty || own.contains(normalizedRepository(url))
    }

    static func normalizedRepository(_ url: String) -> String {
        var text = url.lowercased()
        if let scheme = text.range(of: "://") { text = String(text[scheme.upperBound...]) }
        if let at = text.firstIndex(of: "@"), !text[..<at].contains("/") { text = String(text[text.index(after: at)...]) }
        text = text.replacingOccurrences(of: ":", with: "/")
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix(".git") { text.removeLast(4) }
        return text
    }
}
