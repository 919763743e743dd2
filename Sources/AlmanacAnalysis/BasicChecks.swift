import AlmanacModel

// These checks report the failing cells of their scorecard rules, so the matrix and the
// diagnostics never disagree; exemptions (annotations and almanac.yaml) apply to both.

/// Service folders deeper than the configured limit (the strategy's five levels).
struct FolderTooDeep: Check {
    static let id = LayoutRule.id

    static func run(repository: Repository, index: RepositoryIndex) -> [Diagnostic] {
        ScorecardContext(repository: repository, index: index, backups: nil).findings(LayoutRule.self)
    }
}

/// Containers without both requests and limits for CPU or memory.
struct ContainerWithoutLimits: Check {
    static let id = ResourcesRule.id

    static func run(repository: Repository, index: RepositoryIndex) -> [Diagnostic] {
        ScorecardContext(repository: repository, index: index, backups: nil).findings(ResourcesRule.self)
    }
}

/// Workloads missing the Kubernetes recommended `app.kubernetes.io/*` labels.
struct MissingRecommendedLabels: Check {
    static let id = LabelsRule.id
    static let required = LabelsRule.required

    static func run(repository: Repository, index: RepositoryIndex) -> [Diagnostic] {
        ScorecardContext(repository: repository, index: index, backups: nil).findings(LabelsRule.self)
    }
}
