import AlmanacModel
import Foundation

extension RepositoryScanner {
    /// Attaches facts to services, fills namespaces from kustomizations, and builds the services.
    /// Runs in file order, so the result is deterministic.
    func assemble(into repository: inout Repository, factsByFile: [String: [ScannedFact]], documents: [Document],
                  files: [SourceFile]) {
        let folders = ServiceDiscovery.serviceFolders(factsByFile: factsByFile)
        let folderSet = Set(folders)
        var kustomizeNamespaces: [String: String] = [:]
        var catalogInfos: [String: CatalogInfo] = [:]
        for facts in factsByFile.values {
            for fact in facts {
                if case .kustomization(let info) = fact, let namespace = info.namespace {
                    kustomizeNamespaces[info.folder] = namespace
                }
                if case .catalogInfo(let info) = fact { catalogInfos[info.folder] = info }
            }
        }
        func defaultNamespace(for path: String) -> String? {
            var folder = ServiceDiscovery.parent(of: path)
            while true {
                if let namespace = kustomizeNamespaces[folder] { return namespace }
                if folder.isEmpty { return nil }
                folder = ServiceDiscovery.parent(of: folder)
            }
        }

        for path in factsByFile.keys.sorted() {
            let serviceID = ServiceDiscovery.owner(of: path, serviceFolders: folderSet)
            let namespace = defaultNamespace(for: path)
            for fact in factsByFile[path] ?? [] {
                repository.add(fact.attached(to: serviceID, defaultNamespace: namespace))
            }
        }

        repository.files = files.map { file in
            var file = file
            file.serviceID = ServiceDiscovery.owner(of: file.path, serviceFolders: folderSet)
            return file
        }.sorted { $0.path < $1.path }

        repository.documents = documents.map { document in
            var document = document
            let folder = ServiceDiscovery.parent(of: document.path)
            let fileName = (document.path as NSString).lastPathComponent.lowercased()
            if folderSet.contains(folder), fileName == "readme.md" {
                document.kind = .serviceReadme
                document.serviceID = folder
            }
            return document
        }.sorted { $0.path < $1.path }

        repository.services = buildServices(folders: folders, repository: repository, catalogInfos: catalogInfos,
                                            kustomizeNamespaces: kustomizeNamespaces)
    }

    private func buildServices(folders: [String], repository: Repository, catalogInfos: [String: CatalogInfo],
                               kustomizeNamespaces: [String: String]) -> [Service] {
        let manifestRoot = ServiceDiscovery.manifestRoot(of: folders)
        var workloadsByService: [String: [Workload]] = [:]
        for workload in repository.workloads { if let id = workload.serviceID { workloadsByService[id, default: []].append(workload) } }
        var namespaceVotes: [String: [String: Int]] = [:]
        func vote(_ id: String?, _ namespace: String?, weight: Int) {
            guard let id, let namespace else { return }
            namespaceVotes[id, default: [:]][namespace, default: 0] += weight
        }
        for workload in repository.workloads { vote(workload.serviceID, workload.ref.namespace, weight: 10) }
        for service in repository.kubeServices { vote(service.serviceID, service.ref.namespace, weight: 3) }
        for route in repository.routes { vote(route.serviceID, route.ref.namespace, weight: 1) }
        for app in repository.gitOpsApps { vote(app.serviceID, app.destinationNamespace, weight: 2) }
        for folder in folders { vote(folder, kustomizeNamespaces[folder], weight: 5) }
        var filesByService: [String: [String]] = [:]
        for file in repository.files { if let id = file.serviceID { filesByService[id, default: []].append(file.path) } }
        var readmes: [String: Document] = [:]
        for document in repository.documents where document.kind == .serviceReadme {
            if let id = document.serviceID { readmes[id] = document }
        }
        var homepageDescriptions: [String: String] = [:]
        for route in repository.routes {
            if let id = route.serviceID, homepageDescriptions[id] == nil,
               let description = route.homepage[key: "gethomepage.dev/description"] {
                homepageDescriptions[id] = description
            }
        }

        var services: [Service] = folders.map { folder in
            let name = (folder as NSString).lastPathComponent
            let taxonomy = ServiceDiscovery.taxonomy(of: folder, manifestRoot: manifestRoot)
            let labels = (workloadsByService[folder] ?? []).flatMap { $0.labels + $0.podLabels }
            let namespace = namespaceVotes[folder]?.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first?.key
            let catalog = catalogInfos[folder]
            let summary = catalog?.description ?? homepageDescriptions[folder]
                ?? readmes[folder].flatMap { ServiceDiscovery.summary(fromReadme: $0.body) }
            return Service(id: folder, name: name, taxonomy: taxonomy,
                           tier: ServiceDiscovery.tier(taxonomy: taxonomy, labels: labels),
                           namespace: namespace, summary: summary, slug: name,
                           files: (filesByService[folder] ?? []).sorted(), owner: catalog?.owner,
                           lifecycle: catalog?.lifecycle, declaredDependencies: catalog?.dependsOn ?? [])
        }
        Self.assignSlugs(&services)
        return services
    }

    /// Unique, stable page slugs: the name, qualified where two services share it (by cluster when
    /// the repo has several, else by namespace or category), then numbered.
    static func assignSlugs(_ services: inout [Service]) {
        let counts = Dictionary(grouping: services, by: \.name).mapValues(\.count)
        let multiCluster = Set(services.compactMap(\.cluster)).count > 1
        var used = Set<String>()
        for index in services.indices {
            var slug = services[index].name
            if counts[slug, default: 0] > 1 {
                let qualifier = multiCluster ? services[index].cluster : (services[index].namespace ?? services[index].taxonomy.last)
                slug = "\(slug)-\(qualifier ?? "root")"
            }
            var candidate = slug
            var suffix = 2
            while used.contains(candidate) { candidate = "\(slug)-\(suffix)"; suffix += 1 }
            used.insert(candidate)
            services[index].slug = candidate
        }
    }
}
