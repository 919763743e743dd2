import AlmanacModel

/// Every persistent volume, what protects it, and the gaps; the disaster-recovery order.
public struct BackupInventory: Sendable {
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    public init() {}

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> BackupInventory {
        BackupInventory()
    }
}
