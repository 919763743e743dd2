import Foundation
import AlmanacModel

/// `backup.stateful-without-backup`: a persistent volume that no backup copies and no
/// `almanac.dev/exempt-backup` reason excuses, reported at the PVC or claim template (or, for a
/// hostPath holding data, at the workload).
enum StatefulServiceWithoutBackup {
    static let id = "backup.stateful-without-backup"

    static func findings(_ volumes: [BackupInventory.Volume], repository: Repository) -> [Diagnostic] {
        let services = Dictionary(uniqueKeysWithValues: repository.services.map { ($0.id, $0) })
        return volumes.filter(\.state.isGap).map { volume in
            let claim = volume.volume
            let owner = volume.serviceID.flatMap { services[$0]?.name }.map { " of \($0)" } ?? ""
            let details = [claim.size, claim.storageClass].compactMap { $0 }
            let detail = details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"
            let what: String
            switch volume.kind {
            case .claim: what = "PersistentVolumeClaim '\(claim.ref.name)'"
            case .claimTemplate: what = "claim template '\(claim.ref.name)'"
            default: what = "\(volume.kind.rawValue) volume '\(claim.ref.name)' (\(volume.podSource ?? "?")) of \(volume.mountedBy.first ?? "?")"
            }
            let message = volume.kind == .hostPath
                ? "\(what)\(owner) keeps data on one node and has no backup"
                : "\(what)\(detail)\(owner) has no backup"
            let partial = volume.protections.filter { !$0.isBackup }.map { protection in
                let name = "\(protection.policy.mechanism.rawValue) \(protection.policy.ref.name)"
                return protection.policy.mechanism == .volsync
                    ? "\(name) only mirrors it with \(protection.method), which keeps no history to restore from"
                    : "\(name) only takes in-cluster \(protection.method)s"
            }
            let veleroReaches = repository.backups.contains {
                $0.mechanism == .velero && BackupCoverage.veleroNamespaceReason($0, namespace: claim.ref.namespace) != nil
            }
            let namespace = veleroReaches ? "no Velero schedule selects its pods' volumes, "
                : "namespace \(claim.ref.namespace ?? "default") is in no Velero schedule, "
            var note = volume.kind == .hostPath
                ? "move the data to a PVC that a backup covers, or annotate the workload with almanac.dev/exempt-backup: \"<reason>\""
                : "\(namespace)no Longhorn recurring job, VolSync ReplicationSource or CloudNativePG backup covers it: add one, or annotate the workload or PVC with almanac.dev/exempt-backup: \"<reason>\""
            if !partial.isEmpty { note = partial.joined(separator: "; ") + "; " + note }
            return Diagnostic(id: id, severity: .warning, location: claim.ref.location, message: message, note: note)
        }
    }
}
