import AlmanacModel

/// Address pools and their use, LoadBalancer allocations, hostnames → services, network policies per namespace.
///
/// Conflicts (one address or host claimed twice) give one finding each, at the first claim in
/// repository order (path, then line), with the other claims named in the message; every
/// claimant is marked on the pages.
public struct NetworkTopology: Sendable {
    /// A pool is "nearly full" from this share of addresses in use (fixed and dynamic), in percent.
    public static let nearlyFullPercent = 90

    /// Every LoadBalancer pool, sorted by name.
    public var pools: [Pool] = []
    /// Every LoadBalancer address request, fixed and dynamic, sorted by address then Service.
    public var allocations: [Allocation] = []
    /// Every hostname an ingress route answers, with where it leads, sorted by host then route.
    public var hosts: [HostEntry] = []
    /// Network policy state of every namespace the repository mentions, sorted by name.
    public var namespaces: [NamespacePolicies] = []
    /// Which policies select each service's pods and who may reach them, by service id.
    public var coverage: [String: PolicyCoverage] = [:]
    /// Subnets the network reference documents describe (VLAN tables), for context on pools and addresses.
    public var subnets: [Subnet] = []
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    public init() {}

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> NetworkTopology {
        build(repository, index: analysis.index)
    }

    static func build(_ repository: Repository, index: RepositoryIndex, nearlyFullPercent: Int = nearlyFullPercent) -> NetworkTopology {
        var topology = NetworkTopology()
        topology.subnets = subnets(repository.documents)
        topology.findings += topology.buildPools(repository, nearlyFullPercent: nearlyFullPercent)
        topology.findings += topology.buildHosts(repository)
        topology.findings += topology.buildPolicies(repository, index: index)
        topology.findings.sort()
        return topology
    }

    /// Allocations of one service (by service id).
    public func allocations(of serviceID: String) -> [Allocation] { allocations.filter { $0.serviceID == serviceID } }

    /// Host entries whose route belongs to the service or whose backends lead to it.
    public func hosts(of serviceID: String) -> [HostEntry] {
        hosts.filter { $0.routeServiceID == serviceID || $0.backends.contains { $0.serviceID == serviceID } }
    }

    /// The pool with this name.
    public func pool(named name: String) -> Pool? { pools.first { $0.pool.ref.name == name } }
}
