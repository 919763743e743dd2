import AlmanacModel
import Foundation

extension KustomizeBuilder {
    // MARK: Generators

    mutating func generators(_ k: YAMLTree, folder: String) -> [RenderedObject] {
        var objects: [RenderedObject] = []
        for (key, kind) in [("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")] {
            for generator in k[key]?.items ?? [] {
                guard let name = generator["name"]?.string else { continue }
                var data: [(String, YAMLTree)] = []
                for literal in generator["literals"]?.items ?? [] {
                    guard let text = literal.string else { continue }
                    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                    // Secret values never enter the model; generated Secrets keep their keys only.
                    let value = kind == "Secret" ? "" : (parts.count > 1 ? parts[1] : "")
                    data.append((parts[0], .scalar(value, at: literal.location)))
                }
                for entry in generator["files"]?.items ?? [] {
                    guard let text = entry.string else { continue }
                    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                    let relative = parts.count > 1 ? parts[1] : parts[0]
                    let dataKey = parts.count > 1 ? parts[0] : RepoPath.basename(relative)
                    guard let path = RepoPath.resolve(relative, from: folder), index.files.contains(path) else {
                        warn("gitops.missing-resource", "generator file '\(relative)' does not exist", entry.location)
                        continue
                    }
                    filesUsed.insert(path)
                    // The value points at the file itself, so values read from it keep their lines.
                    let content = kind == "Secret" ? "" : SecretText.masked(index.text(of: path) ?? "")
                    data.append((dataKey, .scalar(content, at: SourceLocation(path: path, line: 1, column: 1))))
                }
                var metadata: [(String, YAMLTree)] = [("name", .scalar(name, at: generator.location))]
                if let namespace = generator["namespace"]?.string { metadata.append(("namespace", .scalar(namespace, at: generator.location))) }
                let labels = generator[path: "options", "labels"] ?? k[path: "generatorOptions", "labels"]
                let annotations = generator[path: "options", "annotations"] ?? k[path: "generatorOptions", "annotations"]
                if let labels { metadata.append(("labels", labels)) }
                if let annotations { metadata.append(("annotations", annotations)) }
                let object = RenderedObject(tree: .mapping([
                    ("apiVersion", .scalar("v1", at: generator.location)),
                    ("kind", .scalar(kind, at: generator.location)),
                    ("metadata", .mapping(metadata, at: generator.location)),
                    (kind == "Secret" ? "stringData" : "data", .mapping(data, at: generator.location)),
                ], at: generator.location))
                let behavior = generator["behavior"]?.string ?? "create"
                if behavior != "create", let existing = objects.firstIndex(where: { $0.kind == kind && $0.name == name }) {
                    objects[existing].tree = behavior == "replace" ? object.tree
                        : KustomizePatch.strategicMerge(objects[existing].tree, object.tree)
                } else {
                    objects.append(object)
                }
            }
        }
        return objects
    }

    /// `generators:` KRM functions. KSOPS generators name the SOPS files they decrypt: those
    /// Secrets are deployed (by name; their values are never read). Other plugins are noted.
    mutating func pluginGenerators(_ k: YAMLTree, folder: String) -> [RenderedObject] {
        var objects: [RenderedObject] = []
        for entry in k["generators"]?.items ?? [] {
            guard let reference = entry.string, let path = RepoPath.resolve(reference, from: folder), index.files.contains(path) else { continue }
            filesUsed.insert(path)
            for generator in index.documents[path] ?? [] {
                guard generator["kind"]?.string?.lowercased() == "ksops" else {
                    note("gitops.generator-unsupported", "generator \(generator["kind"]?.string ?? "?") runs a plugin; what it generates is not known",
                         generator.location)
                    continue
                }
                for file in generator["files"]?.items ?? [] {
                    guard let relative = file.string, let secret = RepoPath.resolve(relative, from: RepoPath.parent(of: path)) else { continue }
                    objects += objectsOf(file: secret)
                }
            }
        }
        return objects
    }

    /// A `helmCharts` entry: the chart's release rendered from its values (inline and files).
    mutating func inflate(_ chart: YAMLTree, folder: String, kustomization k: YAMLTree) -> [RenderedObject] {
        guard let name = chart["name"]?.string else { return [] }
        var values = YAMLTree.mapping([], at: chart.location)
        let files = ([chart["valuesFile"]] + (chart["additionalValuesFiles"]?.items ?? [])).compactMap { $0?.string }
        for relative in files {
            guard let path = RepoPath.resolve(relative, from: folder), let document = index.documents[path]?.first else {
                warn("gitops.missing-resource", "values file '\(relative)' does not exist", chart.location)
                continue
            }
            filesUsed.insert(path)
            values = values.merged(with: document)
        }
        if let inline = chart["valuesInline"] { values = values.merged(with: inline) }
        let release = chart["releaseName"]?.string ?? name
        let namespace = chart["namespace"]?.string ?? k["namespace"]?.string
        let output = HelmValuesRenderer.render(HelmRenderInput(
            releaseName: release, namespace: namespace, chartName: name, chartSource: chart["repo"]?.string,
            values: values, chartVersion: chart["version"]?.string))
        charts.append((release, name, output.model, chart.location))
        // The release itself, so its folder is an app even when its values say nothing readable.
        var marker = Self.remote(name, at: chart.location)
        marker.tree["kind"] = .scalar("HelmChartInflation", at: chart.location)
        marker.setName(release)
        if let namespace { marker.setNamespace(namespace) }
        return [marker] + output.objects.map { tree in
            var object = RenderedObject(tree: tree, origin: .values, release: release)
            if let namespace, object.namespace == nil, object.isNamespaced { object.setNamespace(namespace) }
            return object
        }
    }
}
