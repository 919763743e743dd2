import AlmanacModel

/// One row per service, one column per rule of the strategy, with exemptions and evidence.
public struct Scorecard: Sendable {
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    public init() {}

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> Scorecard {
        Scorecard()
    }
}
