import AlmanacModel

/// The port registry table(s) of docs/reference/port-registry.md compared with the manifests.
public struct PortRegistryReport: Sendable {
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    public init() {}

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> PortRegistryReport {
        PortRegistryReport()
    }
}
