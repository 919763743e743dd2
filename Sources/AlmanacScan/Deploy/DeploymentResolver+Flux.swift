import AlmanacModel
import Foundation

extension DeploymentResolver {
    /// A Flux Kustomization: builds `spec.path` (relative to the source root), applies its
    /// components, patches, images, name prefix/suffix, `targetNamespace` and post-build
    /// substitution, then follows what it renders.
    mutating func processFlux(_ ks: RenderedObject, cluster: String, parent: String?, siblings: [RenderedObject] = []) {
        let name = ks.name ?? "?"
        let namespace = ks.namespace ?? "flux-system"
        guard seenUnits.insert("\(cluster)|ks|\(namespace)|\(name)").inserted else { return }
        let spec = ks.tree["spec"]
        let rawPath = spec?["path"]?.string ?? ""
        var unit = DeploymentUnit(kind: .fluxKustomization, name: name, namespace: namespace, cluster: cluster,
                                  location: ks.tree.location, parent: parent, source: rawPath)
        guard let folder = sourceFolder(of: ks, path: rawPath, unit: &unit) else {
            let index = addUnit(unit, objects: [])
            record(Deployed(object: ks, unit: index, cluster: cluster))
            return
        }
        unit.source = folder.isEmpty ? "." : folder
        var objects = builder.build(folder: folder)
        for component in spec?["components"]?.items ?? [] {
            guard let reference = component.string else { continue }
            objects = builder.component(reference, from: folder, at: component.location, to: objects)
        }
        for patch in spec?["patches"]?.items ?? [] {
            objects = builder.applyPatch(patch, folder: RepoPath.parent(of: ks.sourcePath), to: objects)
        }
        if let images = spec?["images"]?.items, !images.isEmpty {
            for i in objects.indices { objects[i].tree = KustomizeBuilder.retag(objects[i].tree, images: images) }
        }
        let prefix = spec?["namePrefix"]?.string ?? "", suffix = spec?["nameSuffix"]?.string ?? ""
        if !prefix.isEmpty || !suffix.isEmpty {
            for i in objects.indices where !["CustomResourceDefinition", "Namespace", "RemoteResource"].contains(objects[i].kind) {
                if let n = objects[i].name { objects[i].setName(prefix + n + suffix) }
            }
        }
        if let target = spec?["targetNamespace"]?.string {
            for i in objects.indices where objects[i].isNamespaced { objects[i].setNamespace(target) }
        }
        if let postBuild = spec?["postBuild"] {
            objects = substitute(objects, postBuild: postBuild, namespace: namespace, cluster: cluster, siblings: siblings)
        }
        let index = addUnit(unit, objects: objects)
        record(Deployed(object: ks, unit: index, cluster: cluster))
        dispatch(objects, unit: index, cluster: cluster)
    }

    /// The repo folder a Flux Kustomization builds, or nil (with the reason on the unit) when its
    /// source is another repository or the path does not exist.
    mutating func sourceFolder(of ks: RenderedObject, path: String, unit: inout DeploymentUnit) -> String? {
        let sourceKind = ks.tree[path: "spec", "sourceRef", "kind"]?.string ?? "GitRepository"
        let sourceName = ks.tree[path: "spec", "sourceRef", "name"]?.string ?? "flux-system"
        var folder = RepoPath.fromRoot(path)
        switch sourceKind {
        case "GitRepository":
            if !ownSources.contains(sourceName), !isOwnGitRepository(sourceName) {
                unit.problem = "its source, GitRepository \(sourceName), is another repository"
                note("gitops.external-source", "Kustomization \(unit.name) deploys from GitRepository \(sourceName), another repository; not followed",
                     ks.tree.location)
                return nil
            }
        case "ExternalArtifact":
            folder = artifactFolder(artifact: sourceName, path: path)
        default:
            unit.problem = "its source is a \(sourceKind) (\(sourceName)), not this repository"
            note("gitops.external-source", "Kustomization \(unit.name) deploys from \(sourceKind) \(sourceName); its content is not in this repository",
                 ks.tree.location)
            return nil
        }
        guard let folder, index.isFolder(folder) else {
            unit.problem = "path \(path) does not exist in the repository"
            warn("gitops.missing-path", "Kustomization \(unit.name) points at '\(path)', which does not exist", ks.tree[path: "spec", "path"]?.location ?? ks.tree.location)
            return nil
        }
        return folder
    }

    /// A GitRepository in the repo whose URL is the bootstrap source's URL (or that names no URL to compare).
    func isOwnGitRepository(_ name: String) -> Bool {
        let repos = gitRepositories()
        guard let url = repos[name] else { return false }
        return ownSourceURLs.contains(Self.normalizedRepository(url)) || repos["flux-system"].map(Self.normalizedRepository) == Self.normalizedRepository(url)
    }

    func gitRepositories() -> [String: String] {
        var result: [String: String] = [:]
        for tree in index.documentsByKind["GitRepository"] ?? [] {
            if let name = tree[path: "metadata", "name"]?.string, let url = tree[path: "spec", "url"]?.string { result[name] = url }
        }
        return result
    }

    /// Flux ArtifactGenerator: an ExternalArtifact is a copy of repo folders; maps `path` inside
    /// the artifact back to the repo folder it came from.
    func artifactFolder(artifact: String, path: String) -> String? {
        let inside = RepoPath.fromRoot(path) ?? ""
        do {
            for tree in index.documentsByKind["ArtifactGenerator"] ?? [] {
                for entry in tree[path: "spec", "artifacts"]?.items ?? [] where entry["name"]?.string == artifact {
                    for copy in entry["copy"]?.items ?? [] {
                        guard let from = copy["from"]?.string, let to = copy["to"]?.string else { continue }
                        // from: "@source/apps/**"  to: "@artifact/"  → artifact path p is repo apps/p
                        let source = from.split(separator: "/").dropFirst().filter { !$0.contains("*") }.joined(separator: "/")
                        let target = to.split(separator: "/").dropFirst().filter { !$0.contains("*") }.joined(separator: "/")
                        let copied = from.hasSuffix("/**") || from.hasSuffix("/*") ? source : RepoPath.parent(of: source)
                        var relative = inside
                        if !target.isEmpty {
                            guard inside == target || inside.hasPrefix(target + "/") else { continue }
                            relative = String(inside.dropFirst(target.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                        }
                        let candidate = RepoPath.join(copied, relative)
                        if index.isFolder(candidate) { return candidate }
                    }
                }
            }
        }
        return nil
    }

    /// Flux post-build substitution over every rendered object that does not opt out.
    mutating func substitute(_ objects: [RenderedObject], postBuild: YAMLTree, namespace: String, cluster: String,
                             siblings: [RenderedObject]) -> [RenderedObject] {
        var variables: [String: String] = [:]
        var secretSources: [String] = []
        for from in postBuild["substituteFrom"]?.items ?? [] {
            guard let name = from["name"]?.string else { continue }
            let kind = from["kind"]?.string ?? "ConfigMap"
            guard let source = lookup(kind: kind, name: name, namespace: namespace, cluster: cluster, siblings: siblings) else {
                if from["optional"]?.string != "true" {
                    note("gitops.missing-variables", "\(kind) \(name) for substituteFrom is not in the repository", from.location)
                }
                continue
            }
            if kind == "Secret", source.tree["stringData"] == nil, source.tree["data"] == nil {
                secretSources.append(name)  // SOPS or generated: its names are known, never its values
                continue
            }
            for field in ["data", "stringData"] {
                for entry in source.tree[field]?.entries ?? [] {
                    if kind == "Secret", field == "data" { continue }  // base64; never read secret values
                    if let value = entry.value.string { variables[entry.key] = value.replacingOccurrences(of: "\n", with: "") }
                }
            }
        }
        for entry in postBuild["substitute"]?.entries ?? [] {
            if let value = entry.value.string { variables[entry.key] = value.replacingOccurrences(of: "\n", with: "") }
        }
        var result = objects
        for i in result.indices {
            let marker = "kustomize.toolkit.fluxcd.io/substitute"
            if result[i].labels[marker] == "disabled" || result[i].annotations[marker] == "disabled" { continue }
            var missing: [(String, SourceLocation)] = []
            result[i].tree = result[i].tree.mapScalars { text, location in
                guard text.contains("${") else { return text }
                let outcome = FluxSubstitution.substitute(text, variables: variables)
                for name in outcome.undefined { missing.append((name, location)) }
                return outcome.text
            }
            for (name, location) in missing {
                let variable = UndefinedVariable(name: name, location: location, cluster: cluster, secretSources: secretSources)
                if !undefined.contains(variable) { undefined.append(variable) }
            }
        }
        return result
    }

    /// A ConfigMap or Secret the cluster would have: rendered beside the unit, deployed already,
    /// or anywhere in the repo.
    func lookup(kind: String, name: String, namespace: String, cluster: String, siblings: [RenderedObject]) -> RenderedObject? {
        if let found = siblings.first(where: { $0.kind == kind && $0.name == name && ($0.namespace ?? namespace) == namespace }) { return found }
        if let found = deployedByName["\(cluster)|\(kind)|\(name)"]?.last(where: { (deployed[$0].object.namespace ?? namespace) == namespace }) {
            return deployed[found].object
        }
        return index.documentsByKind[kind]?.first { $0[path: "metadata", "name"]?.string == name }.map { RenderedObject(tree: $0) }
    }
}
