import AlmanacModel
import Foundation

extension RepositoryScanner {
    /// Assembles the repository from what the GitOps roots deploy: facts come from the rendered
    /// objects (after Kustomize, substitution and Helm values), services from `ServiceGrouping`.
    func assembleDeployed(into repository: inout Repository, output: DeploymentResolver.Output,
                          factsByFile: [String: [ScannedFact]], documents: [Document], files: [SourceFile],
                          sensitive: Set<String>, diagnostics: inout [Diagnostic]) {
        let grouping = ServiceGrouping(output)
        let groups = grouping.groups
        repository.deployment = output.deployment
        diagnostics += output.diagnostics

        let homeIDs = Dictionary(groups.map { ($0.home, $0.id) }, uniquingKeysWith: { first, _ in first })
        func homeOwner(_ path: String) -> String? {
            var folder = ServiceDiscovery.parent(of: path)
            while true {
                if let id = homeIDs[folder] { return id }
                if folder.isEmpty { return nil }
                folder = ServiceDiscovery.parent(of: folder)
            }
        }
        var filesByService: [Int: Set<String>] = [:]
        var objectNamespaces: [String: [String]] = [:]
        var seen = Set<String>()
        var toDecode: [(position: Int, serviceID: String?)] = []
        for (position, deployed) in output.objects.enumerated() {
            let object = deployed.object
            let service = grouping.owner[position]
            if let service {
                filesByService[service, default: []].insert(object.sourcePath)
                if let namespace = object.namespace { objectNamespaces[groups[service].id, default: []].append(namespace) }
            }
            if sensitive.contains(object.sourcePath) { continue }  // SOPS files: recorded by name below
            guard seen.insert("\(deployed.cluster)|\(object.identity)|\(object.origin)|\(object.tree.location)").inserted else { continue }
            // Objects no service claims (the deploying objects, shared configuration) belong to
            // the service whose folder holds them, if any.
            toDecode.append((position, service.map { groups[$0].id } ?? homeOwner(object.sourcePath)))
        }
        // Decoded on all cores, added in object order.
        let multiCluster = output.deployment.clusters.count > 1
        let decoded = Parallel.map(toDecode) { position, serviceID -> [ScannedFact] in
            let deployed = output.objects[position]
            var decoder = ManifestDecoder(path: deployed.object.sourcePath, lines: [])
            decoder.origin = deployed.object.origin
            decoder.cluster = multiCluster ? deployed.cluster : nil
            return decoder.decode(YAMLNode(deployed.object.tree)).map { $0.attached(to: serviceID, defaultNamespace: nil) }
        }
        for facts in decoded {
            for fact in facts { repository.add(fact) }
        }
        for (index, group) in groups.enumerated() {
            // The deploying object's own file belongs to a service named after it.
            for unit in group.units where output.deployment.units[unit].name == group.name {
                filesByService[index, default: []].insert(output.deployment.units[unit].location.path)
            }
        }
        // So does every file in its folder (README, catalog-info, files no object came from):
        // each file walks up its folders to the services whose home they are.
        let groupsByHome = Dictionary(grouping: groups.indices.filter { !groups[$0].home.isEmpty }) { groups[$0].home }
        for file in files {
            var folder = ServiceDiscovery.parent(of: file.path)
            while !folder.isEmpty {
                for index in groupsByHome[folder] ?? [] { filesByService[index, default: []].insert(file.path) }
                folder = ServiceDiscovery.parent(of: folder)
            }
        }
        // SOPS-encrypted files keep their per-file record (names only), owned by the service that deploys them.
        var fileOwner: [String: String] = [:]
        for (index, group) in groups.enumerated() {
            for path in filesByService[index] ?? [] where fileOwner[path] == nil { fileOwner[path] = group.id }
        }
        let homes = Dictionary(groups.map { ($0.home, $0.id) }, uniquingKeysWith: { first, _ in first })
        func owner(of path: String) -> String? {
            if let id = fileOwner[path] { return id }
            var folder = ServiceDiscovery.parent(of: path)
            while true {
                if let id = homes[folder] { return id }
                if folder.isEmpty { return nil }
                folder = ServiceDiscovery.parent(of: folder)
            }
        }
        var catalogInfos: [String: CatalogInfo] = [:]
        for path in factsByFile.keys.sorted() {
            for fact in factsByFile[path] ?? [] {
                if case .catalogInfo(let info) = fact { catalogInfos[info.folder] = info }
                if sensitive.contains(path), case .secret = fact {
                    repository.add(fact.attached(to: owner(of: path), defaultNamespace: nil))
                }
            }
        }
        repository.files = files.map { file in
            var file = file
            file.serviceID = owner(of: file.path)
            return file
        }.sorted { $0.path < $1.path }
        repository.documents = documents.map { document in
            var document = document
            let folder = ServiceDiscovery.parent(of: document.path)
            if let id = homes[folder], (document.path as NSString).lastPathComponent.lowercased() == "readme.md" {
                document.kind = .serviceReadme
                document.serviceID = id
            }
            return document
        }.sorted { $0.path < $1.path }
        // Facts in file order, as the folder-based assembly gives them, so pages do not depend on
        // the order roots were followed in.
        func byPlace<T>(_ items: [T], _ location: (T) -> SourceLocation) -> [T] {
            items.enumerated().sorted { (location($0.element), $0.offset) < (location($1.element), $1.offset) }.map(\.element)
        }
        repository.workloads = byPlace(repository.workloads) { $0.ref.location }
        repository.kubeServices = byPlace(repository.kubeServices) { $0.ref.location }
        repository.routes = byPlace(repository.routes) { $0.ref.location }
        repository.volumes = byPlace(repository.volumes) { $0.ref.location }
        repository.networkPolicies = byPlace(repository.networkPolicies) { $0.ref.location }
        repository.monitors = byPlace(repository.monitors) { $0.ref.location }
        repository.alerts = byPlace(repository.alerts) { $0.rule.location }
        repository.backups = byPlace(repository.backups) { $0.ref.location }
        repository.gitOpsApps = byPlace(repository.gitOpsApps) { $0.ref.location }
        repository.namespaces = byPlace(repository.namespaces) { $0.ref.location }
        repository.addressPools = byPlace(repository.addressPools) { $0.ref.location }
        repository.certificates = byPlace(repository.certificates) { $0.ref.location }
        repository.secrets = byPlace(repository.secrets) { $0.ref.location }
        repository.configMaps = byPlace(repository.configMaps) { $0.ref.location }
        repository.otherObjects = byPlace(repository.otherObjects) { $0.location }
        repository.gateways = byPlace(repository.gateways) { $0.ref.location }
        repository.backupStores = byPlace(repository.backupStores) { $0.ref.location }
        // A route in a folder of its own (a shared `routes/` folder, a parent of the app folders)
        // belongs to the service whose Kubernetes Service it sends traffic to.
        var serviceOwners: [String: String] = [:]
        for kubeService in repository.kubeServices {
            if let id = kubeService.serviceID { serviceOwners["\(kubeService.ref.namespace ?? "")/\(kubeService.ref.name)"] = id }
        }
        for index in repository.routes.indices where repository.routes[index].serviceID == nil {
            let route = repository.routes[index]
            let owners = Set(route.backends.compactMap { serviceOwners["\($0.namespace ?? route.ref.namespace ?? "")/\($0.service)"] })
            if owners.count == 1 { repository.routes[index].serviceID = owners.first }
        }
        repository.services = deployedServices(groups: groups, repository: repository, catalogInfos: catalogInfos,
                                               filesByService: filesByService, objectNamespaces: objectNamespaces,
                                               diagnostics: &diagnostics)
    }

    /// What the cluster needs before anything else runs: the CNI, DNS, storage, certificates,
    /// load balancing, secrets and the GitOps tool itself.
    static let coreNamespaces: Set<String> = [
        "kube-system", "flux-system", "argocd", "argo-cd", "cert-manager", "metallb-system", "longhorn-system", "rook-ceph",
        "openebs", "democratic-csi", "csi-proxmox", "external-secrets", "sealed-secrets", "tigera-operator", "calico-system",
        "cilium", "kube-vip", "system-upgrade", "spegel",
    ]
    static let coreCharts: Set<String> = [
        "cilium", "calico", "tigera-operator", "flannel", "coredns", "metallb", "cert-manager", "longhorn", "rook-ceph",
        "rook-ceph-cluster", "openebs", "democratic-csi", "external-secrets", "sealed-secrets", "flux-operator", "flux-instance",
        "argo-cd", "spegel", "kube-vip", "snapshot-controller", "metrics-server", "reloader",
    ]
    /// Shared services apps rely on: observability, databases, backup, security, networking.
    static let platformNamespaces: Set<String> = [
        "observability", "monitoring", "database", "databases", "security", "backup", "storage", "network", "networking",
        "velero", "cnpg-system", "logging", "volsync-system", "kopiur", "authentik", "identity", "auth",
    ]

    /// The tier of a service the folders do not place: core or platform by namespace or chart.
    static func tier(namespace: String?, chart: String?, name: String) -> Tier {
        let namespace = namespace ?? ""
        if coreNamespaces.contains(namespace) || coreCharts.contains(chart ?? "") || coreCharts.contains(name) { return .core }
        if platformNamespaces.contains(namespace) || namespace.hasPrefix("platform") { return .platform }
        return .apps
    }

    static let structuralTaxonomy: Set<String> = ["base", "bases", "overlays", "overlay", "components", "clusters", "cluster"]

    private func deployedServices(groups: [ServiceGrouping.Group], repository: Repository, catalogInfos: [String: CatalogInfo],
                                  filesByService: [Int: Set<String>], objectNamespaces: [String: [String]],
                                  diagnostics: inout [Diagnostic]) -> [Service] {
        let manifestRoot = ServiceDiscovery.manifestRoot(of: groups.map(\.home).filter { !$0.isEmpty })
        let clusterNames = Set(groups.map(\.cluster))
        var votes: [String: [String: Int]] = [:]
        func vote(_ id: String?, _ namespace: String?, _ weight: Int) {
            guard let id, let namespace else { return }
            votes[id, default: [:]][namespace, default: 0] += weight
        }
        for workload in repository.workloads { vote(workload.serviceID, workload.ref.namespace, 10) }
        for service in repository.kubeServices { vote(service.serviceID, service.ref.namespace, 3) }
        for route in repository.routes { vote(route.serviceID, route.ref.namespace, 1) }
        for volume in repository.volumes { vote(volume.serviceID, volume.ref.namespace, 1) }
        for (id, namespaces) in objectNamespaces { for namespace in namespaces { vote(id, namespace, 1) } }
        var labelsByService: [String: [KeyValue]] = [:]
        for workload in repository.workloads { if let id = workload.serviceID { labelsByService[id, default: []] += workload.labels + workload.podLabels } }
        var readmes: [String: Document] = [:]
        for document in repository.documents where document.kind == .serviceReadme { if let id = document.serviceID { readmes[id] = document } }
        var homepage: [String: String] = [:]
        for route in repository.routes {
            if let id = route.serviceID, homepage[id] == nil, let text = route.homepage[key: "gethomepage.dev/description"] { homepage[id] = text }
        }
        let layoutHasTiers = groups.contains { group in
            let first = ServiceDiscovery.taxonomy(of: group.home, manifestRoot: manifestRoot).first?.lowercased() ?? ""
            return ServiceDiscovery.coreNames.contains(first) && first != "base" || ServiceDiscovery.platformNames.contains(first)
        }
        var services: [Service] = []
        for (index, group) in groups.enumerated() {
            // Structural folders (`base`, `overlays`, a cluster's folder) are not purposes.
            let taxonomy = (group.home.isEmpty ? [] : ServiceDiscovery.taxonomy(of: group.home, manifestRoot: manifestRoot))
                .filter { !Self.structuralTaxonomy.contains($0.lowercased()) && !clusterNames.contains($0) }
            let helmNamespace = group.chart != nil ? group.deployedBy?.namespace : nil
            let namespace = helmNamespace ?? votes[group.id]?.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first?.key
                ?? group.deployedBy.flatMap { $0.kind == "Application" ? $0.namespace : nil }
            let catalog = catalogInfos[group.home]
            let summary = catalog?.description ?? homepage[group.id] ?? readmes[group.id].flatMap { ServiceDiscovery.summary(fromReadme: $0.body) }
            var service = Service(id: group.id, name: group.name, taxonomy: taxonomy,
                                  tier: ServiceDiscovery.tier(taxonomy: taxonomy, labels: labelsByService[group.id] ?? []),
                                  namespace: namespace, summary: summary, slug: group.name,
                                  files: (filesByService[index] ?? []).sorted(), owner: catalog?.owner, lifecycle: catalog?.lifecycle,
                                  declaredDependencies: catalog?.dependsOn ?? [])
            // Where the folders carry tiers (`core/`, `platform/`, `apps/` side by side) they decide;
            // otherwise the namespace and chart say what the cluster needs first.
            if !layoutHasTiers, service.tier == .apps, (labelsByService[group.id] ?? [])[key: "almanac.dev/tier"] == nil {
                service.tier = Self.tier(namespace: namespace, chart: group.chart, name: group.name)
            }
            service.cluster = group.cluster
            service.deployedBy = group.deployedBy
            service.chart = group.chart
            if namespace == nil {
                service.namespaceProblem = "no namespace: the objects name none, and neither the kustomization nor the deploying object sets one"
                diagnostics.append(Diagnostic(id: "gitops.unknown-namespace", severity: .warning, location: group.deployedBy?.location,
                                              message: "the namespace of '\(group.name)' is not determined by the repository",
                                              note: "set metadata.namespace, a kustomization namespace, targetNamespace or destination.namespace"))
            }
            services.append(service)
        }
        services.sort { $0.id < $1.id }
        Self.assignSlugs(&services)
        return services
    }
}
