import AlmanacModel

/// Edges between services with their evidence, startup order and cycles (issue: infrastructure views).
public struct DependencyGraph: Sendable {
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    public init() {}

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> DependencyGraph {
        DependencyGraph()
    }
}
