import AlmanacModel

/// Naming: the service runs in a namespace named after its functional domain (one of
/// `namespaces.allowed` in almanac.yaml; any when the list is empty), and its folder is named
/// after the app — the folder name equals a workload's `app.kubernetes.io/name` or a workload's
/// name. A copied neighbour's folder that kept the old names is the usual cause of a mismatch.
enum NamingRule: ScorecardEvaluator {
    static let rule = ScorecardRule.naming
    static let namespaceID = "naming.namespace-not-allowed"
    static let mismatchID = "naming.mismatch"

    static func evaluate(_ facts: ServiceFacts, in context: ScorecardContext) -> Scorecard.Cell {
        let service = facts.service
        let allowed = context.repository.config.allowedNamespaces
        let anchor = facts.workloads.first?.ref.location ?? service.files.first.map { SourceLocation(path: $0) }
        var evidence: [Diagnostic] = []
        var passed: [String] = []
        if let namespace = service.namespace {
            if allowed.isEmpty || allowed.contains(namespace) {
                passed.append("namespace \(namespace)")
            } else {
                let location = facts.workloads.first { $0.ref.namespace == namespace }?.ref.location ?? anchor
                evidence.append(Diagnostic(
                    id: namespaceID, severity: .warning, location: location,
                    message: "service '\(service.name)' runs in namespace '\(namespace)', which is not an allowed functional domain",
                    note: "use one of namespaces.allowed in almanac.yaml, or add '\(namespace)' there if it is a new domain"))
            }
        }
        let workloads = facts.workloads
        if !workloads.isEmpty {
            let appNames = workloads.compactMap { ($0.labels + $0.podLabels)[key: "app.kubernetes.io/name"] }
            let objectNames = workloads.map(\.ref.name)
            if appNames.contains(service.name) || objectNames.contains(service.name) {
                passed.append("folder \(service.name)")
            } else {
                var names: [String] = []
                for name in appNames + objectNames where !names.contains(name) { names.append(name) }
                evidence.append(Diagnostic(
                    id: mismatchID, severity: .warning, location: workloads[0].ref.location,
                    message: "folder '\(service.name)' matches neither the app.kubernetes.io/name nor the name of its workloads (\(names.joined(separator: ", ")))",
                    note: "rename the folder or the app so they agree; a copied neighbour's folder often keeps the old name"))
            }
        }
        if !evidence.isEmpty {
            return .init(rule: rule, status: .fail, detail: evidence.map(\.message).joined(separator: "; "), evidence: evidence)
        }
        guard !passed.isEmpty else { return .init(rule: rule, status: .notApplicable, detail: "no namespace and no workloads") }
        return .init(rule: rule, status: .pass, detail: passed.joined(separator: ", "))
    }
}
