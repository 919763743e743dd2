import AlmanacModel

/// Requests and limits: every container — init containers and sidecars included — has resource
/// requests and a memory limit. A CPU limit is not required: it throttles without protecting the
/// node, while a missing memory limit lets one pod starve the rest. Reported as
/// `resources.missing-limits` by `ContainerWithoutLimits`.
enum ResourcesRule: ScorecardEvaluator {
    static let rule = ScorecardRule.resources
    static let id = "resources.missing-limits"

    static func evaluate(_ facts: ServiceFacts, in context: ScorecardContext) -> Scorecard.Cell {
        var evidence: [Diagnostic] = []
        var count = 0
        for workload in facts.workloads where workload.kind != .cnpgCluster || !workload.containers.isEmpty {
            for container in workload.allContainers {
                count += 1
                let hasLimits = container.resources.limits[key: "memory"] != nil
                let hasRequests = !container.resources.requests.isEmpty
                guard !hasLimits || !hasRequests else { continue }
                let missing = [hasRequests ? nil : "resource requests", hasLimits ? nil : "memory limit"].compactMap { $0 }
                evidence.append(Diagnostic(
                    id: id, severity: .warning, location: container.location,
                    message: "container '\(container.name)' of \(workload.ref.display) has no \(missing.joined(separator: " and no "))",
                    note: "set resources.requests and resources.limits so the scheduler and the OOM killer behave"))
            }
        }
        guard count > 0 else { return .init(rule: rule, status: .notApplicable, detail: "no containers in the repo") }
        if !evidence.isEmpty {
            return .init(rule: rule, status: .fail, detail: "\(evidence.count) of \(count) containers without requests and limits",
                         evidence: evidence)
        }
        return .init(rule: rule, status: .pass, detail: count == 1 ? "1 container" : "all \(count) containers")
    }
}
