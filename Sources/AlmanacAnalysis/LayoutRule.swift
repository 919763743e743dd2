import AlmanacModel

/// Folder depth: the service folder is no deeper than `max_depth` (the strategy's five levels),
/// counted from the repo root. Reported as `layout.too-deep` by `FolderTooDeep`.
enum LayoutRule: ScorecardEvaluator {
    static let rule = ScorecardRule.layout
    static let id = "layout.too-deep"

    static func evaluate(_ facts: ServiceFacts, in context: ScorecardContext) -> Scorecard.Cell {
        let service = facts.service
        let limit = context.repository.config.maxDepth
        guard service.depth > limit else {
            return .init(rule: rule, status: .pass, detail: "\(service.depth) of \(limit) levels")
        }
        let location = service.files.first.map { SourceLocation(path: $0) }
        return .init(rule: rule, status: .fail, detail: "\(service.depth) levels deep (limit \(limit))", evidence: [Diagnostic(
            id: id, severity: .warning, location: location,
            message: "service folder '\(service.id)' is \(service.depth) levels deep (limit \(limit))",
            note: "move it up so the folder path stays a readable taxonomy")])
    }
}
