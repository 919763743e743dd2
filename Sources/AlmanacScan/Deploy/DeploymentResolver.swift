import AlmanacModel
import Foundation

/// The deployment stage: finds the cluster roots (Flux bootstrap, FluxInstance, Argo CD root
/// Applications) and follows them as the tools would — Flux Kustomizations to the folders they
/// build, HelmReleases to their values, Applications and ApplicationSets to their sources — so
/// the catalog lists what is deployed, named and namespaced as the cluster sees it.
struct DeploymentResolver {
    /// One object a unit deploys.
    struct Deployed: Sendable {
        var object: RenderedObject
        /// Index into `units`.
        var unit: Int
        var cluster: String
    }

    struct Output: Sendable {
        var deployment: Deployment
        var objects: [Deployed]
        var diagnostics: [Diagnostic]
        /// Every file a unit read: manifests, values files, kustomizations.
        var filesUsed: Set<String>
    }

    let index: ManifestIndex
    var builder: KustomizeBuilder
    var units: [DeploymentUnit] = []
    private(set) var deployed: [Deployed] = []
    /// Positions in `deployed` by `cluster|kind|name`, for substitution and values lookups.
    var deployedByName: [String: [Int]] = [:]
    var diagnostics: [Diagnostic] = []
    var charts: [ChartUse] = []
    var undefined: [UndefinedVariable] = []
    var clusters: [Cluster] = []
    /// Units already followed, by `cluster|kind|namespace|name`, so a unit reached twice counts once.
    var seenUnits: Set<String> = []
    /// GitRepository names that point at this repo (the bootstrap source), per namespace-less name.
    var ownSources: Set<String> = ["flux-system"]
    var ownSourceURLs: Set<String> = []

    init(index: ManifestIndex) {
        self.index = index
        self.builder = KustomizeBuilder(index: index)
    }

    /// Every GitOps document of the repo, with its file and line (its identity).
    var gitOpsDocuments: [RenderedObject] {
        index.documents.keys.sorted().flatMap { path in
            (index.documents[path] ?? []).map { RenderedObject(tree: $0) }.filter { Self.isGitOps($0) }
        }
    }

    static func isGitOps(_ object: RenderedObject) -> Bool {
        switch (object.group, object.kind) {
        case ("kustomize.toolkit.fluxcd.io", "Kustomization"), ("helm.toolkit.fluxcd.io", "HelmRelease"),
             ("argoproj.io", "Application"), ("argoproj.io", "ApplicationSet"), ("fluxcd.controlplane.io", "FluxInstance"):
            true
        default:
            false
        }
    }

    static func resolve(index: ManifestIndex) -> Output? {
        var resolver = DeploymentResolver(index: index)
        let documents = resolver.gitOpsDocuments
        guard !documents.isEmpty else { return nil }
        resolver.run(documents)
        // GitOps objects that no root reaches (a lone HelmRelease, examples) say nothing about
        // what is deployed: the folders with workloads stay the services.
        guard !resolver.clusters.isEmpty else { return nil }
        return resolver.output
    }

    var output: Output {
        var notDeployed: [ObjectRef] = []
        let reached = Set(deployed.map { Self.documentKey($0.object.tree.location) })
            .union(units.map { Self.documentKey($0.location) })
        // The files holding the roots are applied by hand (bootstrap): all of them is deployed.
        let rootFiles = Set(clusters.flatMap(\.roots).map(\.location.path))
        let used = builder.filesUsed
        for path in index.documents.keys.sorted() {
            for tree in index.documents[path] ?? [] {
                let object = RenderedObject(tree: tree)
                guard object.isObject, !KustomizeBuilder.isKustomizeConfig(object), !reached.contains(Self.documentKey(tree.location)) else { continue }
                // Files a unit read (values, patches, generator inputs) are used, not forgotten.
                if used.contains(path) { continue }  // read by a unit: a patch, values or generator input
                if object.kind == "Component" || Self.isChartFile(path) || rootFiles.contains(path) { continue }
                notDeployed.append(ObjectRef(apiVersion: object.apiVersion, kind: object.kind, name: object.name ?? "?",
                                             namespace: object.namespace, location: tree.location))
            }
        }
        let inflated = builder.charts.map { chart in
            ChartUse(release: chart.release, chart: chart.chart, cluster: "", reading: ChartUse.Reading(chart.model), location: chart.location)
        }
        let deployment = Deployment(clusters: clusters, units: units, notDeployed: notDeployed,
                                    undefinedVariables: undefined, charts: charts + inflated)
        return Output(deployment: deployment, objects: deployed, diagnostics: diagnostics + builder.diagnostics,
                      filesUsed: used)
    }

    static func documentKey(_ location: SourceLocation) -> String { "\(location.path):\(location.line)" }

    /// Chart.yaml, values files and templates of an in-repo chart are inputs, not manifests.
    static func isChartFile(_ path: String) -> Bool {
        let name = RepoPath.basename(path)
        return name == "Chart.yaml" || name.hasPrefix("values") || path.contains("/templates/")
    }

    // MARK: Roots

    mutating func run(_ documents: [RenderedObject]) {
        let fluxRoots = findFluxRoots(documents)
        let explicitFlux = fluxRoots.contains { !$0.description.contains("rendered by nothing") }
        for root in fluxRoots {
            let cluster = clusterName(for: root.location.path, among: fluxRoots.map(\.location.path))
            addCluster(cluster, root: Cluster.Root(description: root.description, location: root.location))
            deployBootstrap(containing: root.location.path, cluster: cluster)
            processFlux(root.object, cluster: cluster, parent: nil)
        }
        // Argo CD: Applications and ApplicationSets that no unit renders are the roots.
        let reached = Set(deployed.map { Self.documentKey($0.object.tree.location) })
            .union(units.map { Self.documentKey($0.location) })
        let argo = documents.filter { $0.group == "argoproj.io" && !reached.contains(Self.documentKey($0.tree.location)) }
        let contained = containedArgoDocuments(argo)
        let argoRoots = argo.filter { !contained.contains(Self.documentKey($0.tree.location)) }
        // The roots are applied from this repository: their git URLs name it.
        for root in argoRoots {
            let sources = root.kind == "ApplicationSet" ? [root.tree[path: "spec", "template", "spec", "source"]].compactMap { $0 } : Self.sources(of: root.tree)
            for source in sources where source["chart"] == nil {
                if let url = source["repoURL"]?.string, !url.contains("{{") { ownSourceURLs.insert(Self.normalizedRepository(url)) }
            }
        }
        for root in argoRoots {
            let cluster = fluxRoots.isEmpty ? clusterName(for: root.sourcePath, among: argoRoots.map(\.sourcePath)) : "default"
            addCluster(cluster, root: Cluster.Root(description: "\(root.kind) \(root.name ?? "?")", location: root.tree.location))
            deployBootstrap(containing: root.sourcePath, cluster: cluster)
            if root.kind == "ApplicationSet" {
                processApplicationSet(root, cluster: cluster, parent: nil)
            } else {
                processArgo(root, cluster: cluster, parent: nil)
            }
        }
        // Without a bootstrap in git (no flux-system, FluxInstance or Argo CD root) the roots are
        // guesses, so manifests they do not reach are still taken as deployed, by folder.
        if !explicitFlux, argoRoots.isEmpty, !clusters.isEmpty { deployUnreached() }
    }

    /// Every manifest no unit reached, as one unit whose services are their app folders.
    mutating func deployUnreached() {
        let reached = Set(deployed.map { Self.documentKey($0.object.tree.location) }).union(units.map { Self.documentKey($0.location) })
        let used = builder.filesUsed
        var objects: [RenderedObject] = []
        for path in index.documents.keys.sorted() where !Self.isChartFile(path) {
            for tree in index.documents[path] ?? [] {
                let object = RenderedObject(tree: tree)
                guard object.isObject, !KustomizeBuilder.isKustomizeConfig(object), object.kind != "Component",
                      !reached.contains(Self.documentKey(tree.location)) else { continue }
                if used.contains(path) { continue }  // read by a unit: a patch, values or generator input
                objects.append(object)
            }
        }
        guard !objects.isEmpty else { return }
        let cluster = clusters[0].name
        let unit = addUnit(DeploymentUnit(kind: .bootstrap, name: "manifests outside the Flux Kustomizations", namespace: nil,
                                          cluster: cluster, location: objects[0].tree.location, source: "."),
                           objects: objects)
        dispatch(objects, unit: unit, cluster: cluster)
    }

    mutating func addCluster(_ name: String, root: Cluster.Root) {
        if let index = clusters.firstIndex(where: { $0.name == name }) {
            clusters[index].roots.append(root)
        } else {
            clusters.append(Cluster(name: name, roots: [root]))
        }
    }

    /// The kustomization that is applied by hand to install the GitOps tool and its root
    /// (`kubectl apply -k bootstrap/argocd`, `clusters/home/flux-system`): its objects are deployed too.
    mutating func deployBootstrap(containing file: String, cluster: String) {
        var folder = RepoPath.parent(of: file)
        var chosen: String?
        while index.kustomizationFile(in: folder) != nil {
            chosen = folder
            let parent = RepoPath.parent(of: folder)
            guard folder != parent, let parentFile = index.kustomizationFile(in: parent),
                  (index.documents[parentFile]?.first?["resources"]?.items ?? []).contains(where: {
                      $0.string.flatMap { RepoPath.resolve($0, from: parent) } == folder
                  }) else { break }
            folder = parent
        }
        guard let folder = chosen, seenUnits.insert("\(cluster)|bootstrap|\(folder)").inserted else { return }
        let objects = builder.build(folder: folder)
        let unit = addUnit(DeploymentUnit(kind: .bootstrap, name: folder.isEmpty ? "(root)" : folder, namespace: nil, cluster: cluster,
                                          location: SourceLocation(path: index.kustomizationFile(in: folder) ?? folder), source: folder),
                           objects: objects)
        for object in objects where !Self.isGitOps(object) {
            record(Deployed(object: object, unit: unit, cluster: cluster))
        }
    }

    /// Records an object a unit deploys (and indexes it for lookups by kind and name).
    mutating func record(_ item: Deployed) {
        deployedByName["\(item.cluster)|\(item.object.kind)|\(item.object.name ?? "")", default: []].append(deployed.count)
        deployed.append(item)
    }

    mutating func addUnit(_ unit: DeploymentUnit, objects: [RenderedObject]) -> Int {
        var unit = unit
        for object in objects { unit.objectCounts[object.kind, default: 0] += 1 }
        units.append(unit)
        return units.count - 1
    }

    /// Hands each object a unit rendered to the unit that deploys it, or keeps it as the unit's own.
    mutating func dispatch(_ objects: [RenderedObject], unit: Int, cluster: String) {
        let parent = units[unit].display
        var seen = Set<String>()
        for object in objects {
            guard seen.insert(object.identity).inserted || object.kind == "RemoteResource" else { continue }
            if object.annotations["kustomize.toolkit.fluxcd.io/ssa"] == "Ignore" { continue }
            switch (object.group, object.kind) {
            case ("kustomize.toolkit.fluxcd.io", "Kustomization"):
                processFlux(object, cluster: cluster, parent: parent, siblings: objects)
            case ("helm.toolkit.fluxcd.io", "HelmRelease"):
                processHelmRelease(object, cluster: cluster, parent: parent, siblings: objects)
            case ("argoproj.io", "Application"):
                processArgo(object, cluster: cluster, parent: parent)
            case ("argoproj.io", "ApplicationSet"):
                processApplicationSet(object, cluster: cluster, parent: parent)
            default:
                record(Deployed(object: object, unit: unit, cluster: cluster))
            }
        }
    }

    mutating func warn(_ id: String, _ message: String, _ location: SourceLocation, note: String? = nil) {
        diagnostics.append(Diagnostic(id: id, severity: .warning, location: location, message: message, note: note))
    }

    mutating func note(_ id: String, _ message: String, _ location: SourceLocation, note: String? = nil) {
        diagnostics.append(Diagnostic(id: id, severity: .note, location: location, message: message, note: note))
    }
}

extension DeploymentResolver.Output {
    /// Keeps only the chosen clusters (all when `names` is empty); an unknown name is an error.
    mutating func select(clusters names: [String], diagnostics: inout [Diagnostic]) {
        guard !names.isEmpty else { return }
        let known = deployment.clusters.map(\.name)
        for name in names where !known.contains(name) {
            diagnostics.append(Diagnostic(id: "config.unknown-cluster", severity: .error, location: SourceLocation(path: "almanac.yaml"),
                                          message: "cluster '\(name)' is not in the repository (clusters: \(known.joined(separator: ", ")))"))
        }
        let chosen = Set(names)
        var kept: [Int: Int] = [:]
        var units: [DeploymentUnit] = []
        for (index, unit) in deployment.units.enumerated() where chosen.contains(unit.cluster) {
            kept[index] = units.count
            units.append(unit)
        }
        objects = objects.compactMap { object in
            guard let unit = kept[object.unit] else { return nil }
            var object = object
            object.unit = unit
            return object
        }
        deployment.units = units
        deployment.clusters = deployment.clusters.filter { chosen.contains($0.name) }
        deployment.undefinedVariables = deployment.undefinedVariables.filter { chosen.contains($0.cluster) }
        deployment.charts = deployment.charts.filter { $0.cluster.isEmpty || chosen.contains($0.cluster) }
    }
}
