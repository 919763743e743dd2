import AlmanacModel

/// Backup for stateful volumes, read from the backup inventory: every persistent volume of the
/// service is protected by a policy or exempt. Services without volumes are n/a. The backup
/// inventory reports the gaps as `backup.stateful-without-backup`; the scorecard only shows them.
enum BackupRule: ScorecardEvaluator {
    static let rule = ScorecardRule.backup

    static func evaluate(_ facts: ServiceFacts, in context: ScorecardContext) -> Scorecard.Cell {
        let id = facts.service.id
        guard let inventory = context.backups, let protected = inventory.isProtected(serviceID: id) else {
            return .init(rule: rule, status: .notApplicable,
                         detail: facts.allVolumes.isEmpty ? "no persistent volumes" : "its volumes are not in the backup inventory")
        }
        let volumes = inventory.volumes.filter { $0.serviceID == id }
        if protected {
            let covered = volumes.filter(\.isProtected)
            if covered.isEmpty, let exempt = volumes.first(where: { $0.exemption != nil }), let reason = exempt.exemption {
                return .init(rule: rule, status: .exempt, detail: "no volume is backed up",
                             exemption: .init(reason: reason, source: "annotation (backup inventory)", location: exempt.volume.ref.location))
            }
            let policies = Set(covered.flatMap { $0.protections.map(\.policy.ref.name) }).sorted()
            let exempted = volumes.count - covered.count
            return .init(rule: rule, status: .pass,
                         detail: "\(covered.count) of \(volumes.count) volumes by \(policies.joined(separator: ", "))"
                            + (exempted > 0 ? "; \(exempted) exempt" : ""))
        }
        let gaps = volumes.filter { !$0.isProtected && $0.exemption == nil }
        let evidence = gaps.map { volume in
            Diagnostic(id: "scorecard.backup", severity: .warning, location: volume.volume.ref.location,
                       message: "\(volume.volume.ref.display)\(volume.volume.size.map { " (\($0))" } ?? "") has no backup",
                       note: "add it to a Velero schedule, a Longhorn recurring job or VolSync, or exempt it with a reason")
        }
        return .init(rule: rule, status: .fail, detail: "\(gaps.count) of \(volumes.count) volumes without backup", evidence: evidence)
    }
}
