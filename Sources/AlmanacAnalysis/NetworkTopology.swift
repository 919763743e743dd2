import AlmanacModel

/// Address pools and their use, LoadBalancer allocations, hostnames → services, network policies per namespace.
public struct NetworkTopology: Sendable {
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    public init() {}

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> NetworkTopology {
        NetworkTopology()
    }
}
