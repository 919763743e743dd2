import AlmanacModel
import Foundation
import Yams

extension DeploymentResolver {
    /// A Flux HelmRelease: its chart, its values (valuesFrom ConfigMaps in order, then `values`,
    /// then `targetPath` items), and the objects the chart renders from them.
    mutating func processHelmRelease(_ release: RenderedObject, cluster: String, parent: String?, siblings: [RenderedObject]) {
        let name = release.name ?? "?"
        let namespace = release.namespace
        guard seenUnits.insert("\(cluster)|hr|\(namespace ?? "")|\(name)").inserted else { return }
        let spec = release.tree["spec"]
        let targetNamespace = spec?["targetNamespace"]?.string
        let releaseName = spec?["releaseName"]?.string ?? (targetNamespace.map { "\($0)-\(name)" } ?? name)
        let releaseNamespace = targetNamespace ?? namespace
        let (chart, chartSource, localChart) = chartOf(release, cluster: cluster, siblings: siblings)

        var values = YAMLTree.mapping([], at: release.tree.location)
        if let localChart { values = values.merged(with: chartValues(folder: localChart, files: spec?[path: "chart", "spec", "valuesFiles"]?.items ?? [])) }
        var targetPathItems: [(String, YAMLTree)] = []
        for from in spec?["valuesFrom"]?.items ?? [] {
            guard let sourceName = from["name"]?.string else { continue }
            let kind = from["kind"]?.string ?? "ConfigMap"
            let key = from["valuesKey"]?.string ?? "values.yaml"
            guard kind == "ConfigMap" else { continue }  // Secret values are never read
            guard let source = lookup(kind: kind, name: sourceName, namespace: namespace ?? "", cluster: cluster, siblings: siblings),
                  let node = source.tree[path: "data", key] else {
                if from["optional"]?.string != "true" {
                    note("gitops.missing-values", "ConfigMap \(sourceName) (key \(key)) for HelmRelease \(name) is not in the repository", from.location)
                }
                continue
            }
            if let path = from["targetPath"]?.string {
                targetPathItems.append((path, node))
            } else if let parsed = valuesDocument(node) {
                values = values.merged(with: parsed)
            }
        }
        if let inline = spec?["values"] { values = values.merged(with: inline) }
        for (path, node) in targetPathItems { values.set(path.split(separator: ".").map(String.init), to: node) }

        let unit = DeploymentUnit(kind: .helmRelease, name: name, namespace: releaseNamespace, cluster: cluster,
                                  location: release.tree.location, parent: parent, source: chart)
        let objects = render(release: releaseName, namespace: releaseNamespace, chart: chart, source: chartSource,
                             version: spec?[path: "chart", "spec", "version"]?.string, values: values, localChart: localChart,
                             cluster: cluster, location: release.tree.location)
        let index = addUnit(unit, objects: objects)
        record(Deployed(object: release, unit: index, cluster: cluster))
        dispatch(objects, unit: index, cluster: cluster)
    }

    /// Chart name, its repository URL, and the repo folder of an in-repo chart.
    func chartOf(_ release: RenderedObject, cluster: String, siblings: [RenderedObject]) -> (String, String?, String?) {
        let spec = release.tree["spec"]
        if let chartSpec = spec?[path: "chart", "spec"], let chart = chartSpec["chart"]?.string {
            let sourceKind = chartSpec[path: "sourceRef", "kind"]?.string ?? "HelmRepository"
            let sourceName = chartSpec[path: "sourceRef", "name"]?.string ?? ""
            if sourceKind == "GitRepository" || sourceKind == "Bucket" {
                let folder = RepoPath.fromRoot(chart)
                let local = folder.flatMap { index.files.contains(RepoPath.join($0, "Chart.yaml")) ? $0 : nil }
                return (RepoPath.basename(chart), nil, local)
            }
            let url = lookup(kind: sourceKind, name: sourceName, namespace: release.namespace ?? "", cluster: cluster, siblings: siblings)?
                .tree[path: "spec", "url"]?.string
            return (chart, url, nil)
        }
        if let ref = spec?["chartRef"], let name = ref["name"]?.string {
            let kind = ref["kind"]?.string ?? "OCIRepository"
            let source = lookup(kind: kind, name: name, namespace: ref["namespace"]?.string ?? release.namespace ?? "", cluster: cluster, siblings: siblings)
            if kind == "OCIRepository", let url = source?.tree[path: "spec", "url"]?.string {
                return (RepoPath.basename(url), url, nil)
            }
            if kind == "HelmChart", let chart = source?.tree[path: "spec", "chart"]?.string { return (chart, nil, nil) }
            return (name, nil, nil)
        }
        return ("?", nil, nil)
    }

    /// Values stored in a ConfigMap key: the file a generator read (with its own lines), or the text.
    func valuesDocument(_ node: YAMLTree) -> YAMLTree? {
        if node.location.line == 1, let document = index.documents[node.location.path]?.first { return document }
        guard let text = node.string, let parsed = try? YAMLLimits.compose(text) else { return nil }
        return YAMLTree(node: parsed, path: node.location.path, lineOffset: node.location.line)
    }

    /// An in-repo chart's own values.yaml plus extra values files (relative to the chart).
    func chartValues(folder: String, files: [YAMLTree]) -> YAMLTree {
        var values = index.documents[RepoPath.join(folder, "values.yaml")]?.first ?? .mapping([], at: SourceLocation(path: RepoPath.join(folder, "values.yaml")))
        for file in files {
            guard let relative = file.string, let path = RepoPath.resolve(relative, from: folder), let document = index.documents[path]?.first else { continue }
            values = values.merged(with: document)
        }
        return values
    }

    /// The objects a release renders: through the values models, and for an in-repo umbrella
    /// chart once per dependency with the values under its alias or name.
    mutating func render(release: String, namespace: String?, chart: String, source: String?, version: String?, values: YAMLTree,
                         localChart: String?, cluster: String, location: SourceLocation) -> [RenderedObject] {
        var outputs: [(String, HelmRenderOutput)] = []
        if let localChart, let chartFile = index.documents[RepoPath.join(localChart, "Chart.yaml")]?.first,
           let dependencies = chartFile["dependencies"]?.items, !dependencies.isEmpty {
            for dependency in dependencies {
                guard let depName = dependency["name"]?.string else { continue }
                let key = dependency["alias"]?.string ?? depName
                if let condition = dependency["condition"]?.string,
                   values.value(at: condition.split(separator: ".").map(String.init))?.string == "false" { continue }
                var sub = values[key] ?? .mapping([], at: location)
                if let global = values["global"], sub.isMapping, sub["global"] == nil { sub["global"] = global }
                let output = HelmValuesRenderer.render(HelmRenderInput(
                    releaseName: release, namespace: namespace, chartName: depName, chartSource: dependency["repository"]?.string,
                    values: sub, chartVersion: dependency["version"]?.string))
                outputs.append((depName, output))
            }
            builder.markUsed(RepoPath.join(localChart, "Chart.yaml"))
        } else {
            outputs.append((chart, HelmValuesRenderer.render(HelmRenderInput(
                releaseName: release, namespace: namespace, chartName: chart, chartSource: source, values: values, chartVersion: version))))
        }
        var objects: [RenderedObject] = []
        for (name, output) in outputs {
            let reading = ChartUse.Reading(output.model)
            charts.append(ChartUse(release: release, chart: name, cluster: cluster, reading: reading, location: location))
            for tree in output.objects {
                var object = RenderedObject(tree: tree, origin: .values, release: release)
                if let namespace, object.namespace == nil, object.isNamespaced { object.setNamespace(namespace) }
                objects.append(object)
            }
        }
        return objects
    }
}

extension ChartUse.Reading {
    init(_ model: HelmRenderOutput.Model) {
        switch model {
        case .appTemplate: self = .appTemplate
        case .knownChart: self = .knownChart
        case .commonKeys: self = .commonKeys
        case .opaque: self = .opaque
        }
    }
}
