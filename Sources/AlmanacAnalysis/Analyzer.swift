import AlmanacModel

/// The analysis stage: model → index and findings. Pure; the same input gives the same output.
public enum Analyzer {
    public struct Result: Sendable {
        public var index: RepositoryIndex
        public var findings: [Diagnostic]
    }

    /// Every check, in the order their findings are reported.
    static let checks: [any Check.Type] = [
        FolderTooDeep.self,
        ContainerWithoutLimits.self,
        MissingRecommendedLabels.self,
        BrokenDocumentLink.self,
    ]

    public static func analyze(_ repository: Repository) -> Result {
        let index = RepositoryIndex(repository)
        var findings: [Diagnostic] = []
        for check in checks {
            findings += check.run(repository: repository, index: index)
        }
        return Result(index: index, findings: findings)
    }

    /// Applies `almanac.yaml` severities (`off` drops a check) and sorts the diagnostics.
    public static func applyConfiguredSeverities(_ diagnostics: [Diagnostic], config: SiteConfig) -> [Diagnostic] {
        diagnostics.compactMap { diagnostic in
            var diagnostic = diagnostic
            switch config.checkSeverities[diagnostic.id] {
            case .off?: return nil
            case .note?: diagnostic.severity = .note
            case .warning?: diagnostic.severity = .warning
            case .error?: diagnostic.severity = .error
            case nil: break
            }
            return diagnostic
        }.sorted()
    }
}

/// One rule over the repository, named after the problem it finds.
protocol Check {
    static var id: String { get }
    static func run(repository: Repository, index: RepositoryIndex) -> [Diagnostic]
}

extension Check {
    /// The exemption annotation on a workload, if any: `almanac.dev/exempt-<rule>: "<reason>"`.
    static func exemption(_ rule: String, in workloads: [Workload]) -> String? {
        workloads.lazy.compactMap { $0.annotations[key: "almanac.dev/exempt-\(rule)"] }.first
    }
}
