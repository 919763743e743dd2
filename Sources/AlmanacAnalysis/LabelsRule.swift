import AlmanacModel

/// Standard labels: every workload carries `app.kubernetes.io/name` (on the object or its pod
/// template) — the label selectors, dashboards and the catalog key on. `instance`, `part-of`
/// and `component` are recommended and listed when missing, without failing the rule. Reported
/// as `labels.missing-recommended` by `MissingRecommendedLabels`.
enum LabelsRule: ScorecardEvaluator {
    static let rule = ScorecardRule.labels
    static let id = "labels.missing-recommended"
    static let required = ["app.kubernetes.io/name"]
    static let recommended = ["app.kubernetes.io/instance", "app.kubernetes.io/part-of", "app.kubernetes.io/component"]

    static func evaluate(_ facts: ServiceFacts, in context: ScorecardContext) -> Scorecard.Cell {
        let workloads = facts.workloads.filter { $0.kind != .cnpgCluster }
        guard !workloads.isEmpty else { return .init(rule: rule, status: .notApplicable, detail: "no workloads in the repo") }
        var evidence: [Diagnostic] = []
        var advisory = Set<String>()
        for workload in workloads {
            let labels = workload.labels + workload.podLabels
            let missing = required.filter { labels[key: $0] == nil }
            advisory.formUnion(recommended.filter { labels[key: $0] == nil })
            guard !missing.isEmpty else { continue }
            evidence.append(Diagnostic(
                id: id, severity: .warning, location: workload.ref.location,
                message: "\(workload.ref.display) has no \(missing.joined(separator: ", ")) label",
                note: "add the app.kubernetes.io/* labels so selectors, dashboards and the catalog agree"))
        }
        if !evidence.isEmpty {
            return .init(rule: rule, status: .fail, detail: evidence.map(\.message).joined(separator: "; "), evidence: evidence)
        }
        let names = Set(workloads.compactMap { ($0.labels + $0.podLabels)[key: "app.kubernetes.io/name"] }).sorted()
        let note = advisory.isEmpty ? "" : "; recommended but missing: " + advisory.sorted().map { String($0.dropFirst("app.kubernetes.io/".count)) }.joined(separator: ", ")
        return .init(rule: rule, status: .pass, detail: "name \(names.joined(separator: ", "))\(note)")
    }
}
