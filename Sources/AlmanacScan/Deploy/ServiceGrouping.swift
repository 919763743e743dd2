import AlmanacModel
import Foundation

/// Turns what the roots deploy into services: a Helm release (HelmRelease, Argo CD chart
/// source) is one service named after its release; the plain manifests a Flux Kustomization or
/// Application deploys form one service named after that unit when they sit in one app folder,
/// or one service per app folder when the unit deploys a whole tree (a category Application).
/// Names never come from structural folders (`app`, `base`, `overlays`, environments).
struct ServiceGrouping {
    struct Group: Sendable {
        var id: String
        var name: String
        /// The folder that holds the service (README, catalog-info, taxonomy).
        var home: String
        var cluster: String
        var deployedBy: ObjectRef?
        var chart: String?
        var units: Set<Int>
    }

    private(set) var groups: [Group] = []
    /// Service index of each deployed object (by position in the resolver's output), when it has one.
    private(set) var owner: [Int?] = []

    static let structural: Set<String> = [
        "app", "apps", "base", "bases", "overlays", "overlay", "config", "configs", "resources", "manifests", "deploy",
        "deployment", "k8s", "templates", "components", "chart", "charts", "helm", "kustomize", "release", "instance",
        "operator", "staging", "production", "prod", "dev", "development", "test", "testing", "qa", "stage", "main",
        "default", "common", "shared", "src", "values",
    ]

    /// The app folder of a file: its folder, minus trailing structural folder names (and cluster names).
    static func appFolder(of path: String, clusters: Set<String>) -> String {
        var folder = RepoPath.parent(of: path)
        while !folder.isEmpty {
            let name = RepoPath.basename(folder).lowercased()
            guard structural.contains(name) || clusters.contains(name) else { break }
            folder = RepoPath.parent(of: folder)
        }
        return folder
    }

    static let workloadKinds: Set<String> = [
        "Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "Pod", "RemoteResource", "HelmChartInflation",
    ]

    /// Custom resources whose operator runs long-lived pods for them: an app as much as a
    /// Deployment. Kinds whose name says so, and generic names only in their own API group.
    static let operatorAppKinds: Set<String> = [
        "Dragonfly", "LiteLLMProxy", "LiteLLMMCPServer", "MCPServer", "VirtualMCPServer", "InferenceService", "RenovateJob",
        "RabbitmqCluster", "RedisFailover", "MongoDBCommunity", "Elasticsearch", "Kibana", "VMSingle", "VMCluster", "VMAgent",
        "MariaDB", "CephCluster", "Valkey", "EMQX", "Keycloak",
    ]
    static let operatorAppGroupKinds: Set<String> = [
        "postgresql.cnpg.io/Cluster", "gateway.networking.k8s.io/Gateway", "grafana.integreatly.org/Grafana",
        "monitoring.coreos.com/Prometheus", "monitoring.coreos.com/Alertmanager", "acid.zalan.do/postgresql", "minio.min.io/Tenant",
    ]

    static func definesApp(_ object: RenderedObject) -> Bool {
        workloadKinds.contains(object.kind) || operatorAppKinds.contains(object.kind)
            || operatorAppGroupKinds.contains("\(object.group)/\(object.kind)")
    }

    init(_ output: DeploymentResolver.Output) {
        let units = output.deployment.units
        let clusterNames = Set(output.deployment.clusters.map { $0.name.lowercased() })
        owner = Array(repeating: nil, count: output.objects.count)
        var serviceOfUnit: [Int: Int] = [:]

        // The same app reached twice in one cluster (a bootstrap kustomization and the
        // Application it installs, two overlapping roots) is one service.
        var byPlace: [String: Int] = [:]
        func add(_ group: Group) -> Int {
            let key = "\(group.cluster)|\(group.home)|\(group.name)"
            if let existing = byPlace[key] {
                groups[existing].units.formUnion(group.units)
                return existing
            }
            groups.append(group)
            byPlace[key] = groups.count - 1
            return groups.count - 1
        }
        func ref(_ unit: DeploymentUnit) -> ObjectRef {
            let apiVersion = switch unit.kind {
            case .helmRelease: "helm.toolkit.fluxcd.io/v2"
            case .fluxKustomization: "kustomize.toolkit.fluxcd.io/v1"
            case .argoApplication: "argoproj.io/v1alpha1"
            case .bootstrap: "kustomize.config.k8s.io/v1beta1"
            }
            let kind = unit.kind == .bootstrap ? "Kustomization" : (unit.kind == .helmRelease ? "HelmRelease" : (unit.kind == .argoApplication ? "Application" : "Kustomization"))
            return ObjectRef(apiVersion: apiVersion, kind: kind, name: unit.name, namespace: unit.namespace, location: unit.location)
        }

        // Objects by unit, in order.
        var objectsByUnit: [Int: [Int]] = [:]
        for (position, deployed) in output.objects.enumerated() { objectsByUnit[deployed.unit, default: []].append(position) }

        // 1. Helm releases: every unit that rendered objects from values, and every HelmRelease.
        for (unitIndex, unit) in units.enumerated() {
            guard unit.kind == .helmRelease || unit.installsChart else { continue }
            let home = unit.kind == .argoApplication && unit.source?.hasPrefix("chart ") == true
                ? RepoPath.join(Self.appFolder(of: unit.location.path, clusters: clusterNames), unit.name)
                : Self.appFolder(of: unit.location.path, clusters: clusterNames)
            let home2 = unit.kind == .argoApplication ? (Self.chartHome(unit, clusters: clusterNames) ?? home) : home
            serviceOfUnit[unitIndex] = add(Group(id: home2, name: unit.name, home: home2, cluster: unit.cluster, deployedBy: ref(unit),
                                                 chart: unit.kind == .helmRelease ? unit.source : Self.argoChart(unit),
                                                 units: [unitIndex]))
        }

        // 2. Plain manifests of the other units.
        var helmChildren: [String: [Int]] = [:]
        for (unitIndex, unit) in units.enumerated() where serviceOfUnit[unitIndex] != nil && unit.kind == .helmRelease {
            if let parent = unit.parent { helmChildren["\(unit.cluster)|\(parent)", default: []].append(unitIndex) }
        }
        for (unitIndex, unit) in units.enumerated() {
            let positions = (objectsByUnit[unitIndex] ?? []).filter { position in
                let object = output.objects[position].object
                return !DeploymentResolver.isGitOps(object) || serviceOfUnit[unitIndex] != nil
            }
            if let service = serviceOfUnit[unitIndex] {
                for position in positions { owner[position] = service }
                continue
            }
            // Manifests beside exactly one HelmRelease belong to it (a Dragonfly, a route, a PVC).
            if unit.kind != .bootstrap, let children = helmChildren["\(unit.cluster)|\(unit.display)"], children.count == 1,
               let service = serviceOfUnit[children[0]] {
                for position in positions where owner[position] == nil { owner[position] = service }
                continue
            }
            var folderService: [String: Int] = [:]
            // Objects from outside the unit's folder (a shared Kustomize component, a base) belong
            // to the unit's own app, not to the component's folder.
            let unitFolder = Self.singleSourceFolder(unit)
            func appFolder(_ object: RenderedObject) -> String {
                if let unitFolder, !unitFolder.isEmpty, !object.sourcePath.hasPrefix(unitFolder + "/") {
                    return Self.appFolder(of: RepoPath.join(unitFolder, "x"), clusters: clusterNames)
                }
                return Self.appFolder(of: object.sourcePath, clusters: clusterNames)
            }
            let appFolders = Set(positions.map { output.objects[$0].object }.filter(Self.definesApp).map(appFolder))
            guard !appFolders.isEmpty else { continue }
            if appFolders.count == 1, unit.kind != .bootstrap, let folder = appFolders.first,
               Self.unitNamesApp(unit, folder: folder, clusters: clusterNames) {
                // One app folder: the service is the unit (named as the GitOps tool names it).
                let service = add(Group(id: folder, name: unit.name, home: folder, cluster: unit.cluster, deployedBy: ref(unit), units: [unitIndex]))
                for position in positions { owner[position] = service }
                continue
            }
            for folder in appFolders.sorted() {
                folderService[folder] = add(Group(id: folder, name: RepoPath.basename(folder.isEmpty ? "root" : folder), home: folder,
                                                  cluster: unit.cluster, deployedBy: ref(unit), units: [unitIndex]))
            }
            for position in positions {
                var folder = RepoPath.parent(of: output.objects[position].object.sourcePath)
                if let unitFolder, !unitFolder.isEmpty, !folder.hasPrefix(unitFolder) { folder = appFolder(output.objects[position].object) }
                while true {
                    if let service = folderService[folder] { owner[position] = service; break }
                    if folder.isEmpty { break }
                    folder = RepoPath.parent(of: folder)
                }
            }
        }
        // 3. Unique ids: the same folder deploying two releases, or one app in two clusters.
        let counts = Dictionary(grouping: groups, by: \.id).mapValues(\.count)
        for i in groups.indices where counts[groups[i].id, default: 0] > 1 {
            groups[i].id = groups[i].id + "/" + groups[i].name
        }
        let counts2 = Dictionary(grouping: groups, by: \.id).mapValues(\.count)
        for i in groups.indices where counts2[groups[i].id, default: 0] > 1 {
            groups[i].id = groups[i].id + "@" + groups[i].cluster
        }
        var used = Set<String>()
        for i in groups.indices {
            var candidate = groups[i].id
            var suffix = 2
            while used.contains(candidate) { candidate = "\(groups[i].id)~\(suffix)"; suffix += 1 }
            used.insert(candidate)
            groups[i].id = candidate
        }
    }

    /// Whether a unit deploys one app folder itself (`sonarr/app`, `jellyfin/overlays/prod`), so
    /// the app takes the unit's name, rather than a category folder that holds the app deeper down.
    static func unitNamesApp(_ unit: DeploymentUnit, folder: String, clusters: Set<String>) -> Bool {
        guard let source = unit.source, !source.contains(","), !source.hasPrefix("chart ") else { return true }
        let own = appFolder(of: RepoPath.join(source == "." ? "" : source, "x"), clusters: clusters)
        return own == folder || folder.isEmpty || own.hasPrefix(folder + "/")
    }

    /// The chart an Argo CD Application installs: its `chart` source (`chart podinfo`, possibly
    /// beside other sources in a multi-source Application), or its in-repo chart folder.
    static func argoChart(_ unit: DeploymentUnit) -> String? {
        let sources = (unit.source ?? "").components(separatedBy: ", ")
        if let chart = sources.first(where: { $0.hasPrefix("chart ") }) { return String(chart.dropFirst("chart ".count)) }
        return unit.source
    }

    /// The one repo folder a unit builds, when it builds one.
    static func singleSourceFolder(_ unit: DeploymentUnit) -> String? {
        guard let source = unit.source, !source.contains(","), !source.hasPrefix("chart ") else { return nil }
        return source == "." ? "" : source
    }

    /// The folder of an Argo CD in-repo chart (its parent when the chart sits in `chart/`).
    static func chartHome(_ unit: DeploymentUnit, clusters: Set<String>) -> String? {
        guard let source = unit.source, !source.hasPrefix("chart "), !source.isEmpty else { return nil }
        let first = source.split(separator: ",").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? source
        return appFolder(of: RepoPath.join(first, "Chart.yaml"), clusters: clusters)
    }
}
