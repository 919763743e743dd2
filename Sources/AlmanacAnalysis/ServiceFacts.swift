import AlmanacModel

/// Everything the repository says about one service, gathered once so pages and checks do not
/// filter repo-wide lists again and again.
public struct ServiceFacts: Sendable {
    public var service: Service
    public var workloads: [Workload] = []
    public var kubeServices: [KubeService] = []
    public var routes: [Route] = []
    public var gateways: [Gateway] = []
    public var volumes: [PersistentVolume] = []
    public var networkPolicies: [NetworkPolicy] = []
    public var monitors: [Monitor] = []
    public var alerts: [AlertRule] = []
    public var backups: [BackupPolicy] = []
    public var gitOpsApps: [GitOpsApp] = []
    public var certificates: [CertificateInfo] = []
    public var secrets: [SecretInfo] = []
    public var configMaps: [ConfigMapInfo] = []
    public var readme: Document?

    public init(service: Service) { self.service = service }

    /// Distinct images in declaration order.
    public var images: [String] {
        var seen = Set<String>()
        return workloads.flatMap(\.allContainers).map(\.image).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    public var hosts: [String] {
        var seen = Set<String>()
        return routes.flatMap(\.hosts).filter { seen.insert($0).inserted }
    }

    /// Addresses pinned on its LoadBalancer Services and on the Gateways it deploys.
    public var loadBalancerIPs: [String] {
        var seen = Set<String>()
        return (kubeServices.flatMap(\.loadBalancerIPs) + gateways.flatMap(\.loadBalancerIPs)).map(\.address)
            .filter { seen.insert($0).inserted }
    }

    /// PVCs and claim templates.
    public var allVolumes: [PersistentVolume] { volumes + workloads.flatMap(\.claimTemplates) }
}

/// Facts per service, keyed by service id, built in one pass over the repository.
public struct RepositoryIndex: Sendable {
    public let facts: [String: ServiceFacts]
    /// Services in catalog order: by category, then name.
    public let services: [Service]
    /// What documents' links can lead to.
    public let links: LinkIndex

    public init(_ repository: Repository) {
        var facts: [String: ServiceFacts] = [:]
        for service in repository.services { facts[service.id] = ServiceFacts(service: service) }
        func add<T>(_ items: [T], _ id: (T) -> String?, _ path: WritableKeyPath<ServiceFacts, [T]>) {
            for item in items {
                guard let key = id(item), facts[key] != nil else { continue }
                facts[key]![keyPath: path].append(item)
            }
        }
        add(repository.workloads, \.serviceID, \.workloads)
        add(repository.kubeServices, \.serviceID, \.kubeServices)
        add(repository.routes, \.serviceID, \.routes)
        add(repository.gateways, \.serviceID, \.gateways)
        add(repository.volumes, \.serviceID, \.volumes)
        add(repository.networkPolicies, \.serviceID, \.networkPolicies)
        add(repository.monitors, \.serviceID, \.monitors)
        add(repository.alerts, \.serviceID, \.alerts)
        add(repository.backups, \.serviceID, \.backups)
        add(repository.gitOpsApps, \.serviceID, \.gitOpsApps)
        add(repository.certificates, \.serviceID, \.certificates)
        add(repository.secrets, \.serviceID, \.secrets)
        add(repository.configMaps, \.serviceID, \.configMaps)
        for document in repository.documents where document.kind == .serviceReadme {
            if let id = document.serviceID { facts[id]?.readme = document }
        }
        self.facts = facts
        self.services = repository.services.sorted { ($0.category, $0.name, $0.id) < ($1.category, $1.name, $1.id) }
        links = LinkIndex(files: repository.files.map(\.path), documents: repository.documents)
    }

    public subscript(id: String) -> ServiceFacts? { facts[id] }
}
