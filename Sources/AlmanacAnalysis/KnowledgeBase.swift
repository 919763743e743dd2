import AlmanacModel

/// ADRs, runbooks and alerts, cross-linked with each other and with services.
public struct KnowledgeBase: Sendable {
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    public init() {}

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> KnowledgeBase {
        KnowledgeBase()
    }
}
