import AlmanacModel

/// Network policy: for every workload, a NetworkPolicy in its namespace (or cluster-wide) with a
/// non-empty pod selector that matches its pods, as `NetworkTopology.selecting` decides. Namespace-wide policies (default-deny) do not count: they say
/// nothing about who may reach this service. Host-network pods are not subject to NetworkPolicy,
/// so a service whose pods all use the host network is n/a. The network topology reports
/// `network.missing-policy`; the scorecard only shows the column.
enum NetworkPolicyRule: ScorecardEvaluator {
    static let rule = ScorecardRule.networkPolicy

    static func evaluate(_ facts: ServiceFacts, in context: ScorecardContext) -> Scorecard.Cell {
        let workloads = facts.workloads.filter { !$0.hostNetwork }
        guard !workloads.isEmpty else {
            return .init(rule: rule, status: .notApplicable,
                         detail: facts.workloads.isEmpty ? "no pods in the repo" : "host-network pods are not subject to NetworkPolicy")
        }
        var used: [NetworkPolicy] = []
        var evidence: [Diagnostic] = []
        for workload in workloads {
            let namespace = workload.ref.namespace ?? facts.service.namespace
            let candidates = (context.policiesByNamespace[namespace] ?? []) + (context.policiesByNamespace[nil] ?? [])
            let selecting = NetworkTopology.selecting(workload, namespace: namespace, among: candidates)
            if selecting.isEmpty {
                evidence.append(Diagnostic(
                    id: "scorecard.network-policy", severity: .warning, location: workload.ref.location,
                    message: "no NetworkPolicy with a pod selector selects the pods of \(workload.ref.display)",
                    note: "add a NetworkPolicy selecting \(ScorecardContext.describe(workload.selectableLabels)) that allows only its clients"))
            }
            used += selecting.filter { !used.contains($0) }
        }
        if !evidence.isEmpty {
            return .init(rule: rule, status: .fail, detail: evidence.map(\.message).joined(separator: "; "), evidence: evidence)
        }
        return .init(rule: rule, status: .pass, detail: used.map(\.ref.display).joined(separator: ", "))
    }
}
