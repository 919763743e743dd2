import AlmanacModel

/// Persistence declared: a service is stateful when it runs a StatefulSet or a database cluster,
/// or mounts a PVC. Then every claim its pods mount must be declared in the repo (a
/// PersistentVolumeClaim in the pod's namespace, or a claim template), every StatefulSet must
/// keep its data in a claim (not only emptyDir), and every claim must state its size — so the
/// repo alone says what storage the service needs. Stateless services are n/a; hostPath mounts
/// (devices, sockets, node files) are not counted as persistence.
enum PersistenceRule: ScorecardEvaluator {
    static let rule = ScorecardRule.persistence

    static func evaluate(_ facts: ServiceFacts, in context: ScorecardContext) -> Scorecard.Cell {
        var evidence: [Diagnostic] = []
        var stateful = false
        func problem(_ message: String, at location: SourceLocation, note: String) {
            evidence.append(Diagnostic(id: "scorecard.persistence", severity: .warning, location: location,
                                       message: message, note: note))
        }
        for workload in facts.workloads {
            let claims = workload.volumes.compactMap { volume -> String? in
                if case .persistentVolumeClaim(let claim) = volume.source { claim } else { nil }
            }
            if workload.kind == .statefulSet || workload.kind == .cnpgCluster || !claims.isEmpty || !workload.claimTemplates.isEmpty {
                stateful = true
            }
            let namespace = workload.ref.namespace ?? facts.service.namespace ?? ""
            for claim in claims where !context.declaredClaims.contains("\(namespace)/\(claim)") {
                problem("\(workload.ref.display) mounts PVC '\(claim)', which no PersistentVolumeClaim in namespace '\(namespace)' declares",
                        at: workload.ref.location, note: "commit the PVC with its size and storage class next to the workload")
            }
            if workload.kind == .statefulSet, claims.isEmpty, workload.claimTemplates.isEmpty {
                problem("\(workload.ref.display) keeps no data in a claim (no volumeClaimTemplates, no PVC): it is lost when a pod moves",
                        at: workload.ref.location, note: "add volumeClaimTemplates, or make it a Deployment if it is stateless")
            }
        }
        for volume in facts.allVolumes where volume.size == nil {
            problem("\(volume.ref.display) requests no storage size", at: volume.ref.location,
                    note: "set resources.requests.storage so the claim states what the service needs")
        }
        if !evidence.isEmpty {
            return .init(rule: rule, status: .fail, detail: evidence.map(\.message).joined(separator: "; "), evidence: evidence)
        }
        let volumes = facts.allVolumes
        guard stateful || !volumes.isEmpty else {
            return .init(rule: rule, status: .notApplicable, detail: "stateless: no StatefulSet and no volume claims")
        }
        let listed = volumes.map { "\($0.ref.name) \($0.size ?? "")".trimmingCharacters(in: .whitespaces) }
        return .init(rule: rule, status: .pass,
                     detail: listed.isEmpty ? "mounts shared claims declared elsewhere" : listed.joined(separator: ", "))
    }
}
