import Foundation
import AlmanacModel

/// The command (or manifest) that restores one volume from one backup, ready to paste.
enum RestoreCommand {
    static func command(for protection: BackupInventory.Protection, volume: BackupInventory.Volume,
                        repository: Repository) -> String {
        let claim = volume.volume
        let namespace = claim.ref.namespace ?? "default"
        let policy = protection.policy
        switch policy.mechanism {
        case .velero:
            var command = "velero restore create --from-schedule \(policy.ref.name) \\\n  --include-namespaces \(namespace)"
            if let instance = instanceLabel(of: volume, repository: repository) {
                command += " \\\n  --selector app.kubernetes.io/instance=\(instance)"
            }
            command += " --wait\nvelero restore get   # then: velero restore describe <name> --details"
            return command
        case .longhorn:
            return """
            # Longhorn UI › Backup › the volume bound to \(namespace)/\(claim.ref.name) › Restore Latest Backup
            # (name the volume after the PVC), then on the restored volume: Create PV/PVC,
            # namespace \(namespace), PVC name \(claim.ref.name). Start the workload only after that.
            kubectl -n \(namespace) get pvc \(claim.ref.name)
            """
        case .volsync:
            return """
            kubectl apply -f - <<'EOF'
            apiVersion: volsync.backube/v1alpha1
            kind: ReplicationDestination
            metadata:
              name: \(claim.ref.name)-restore
              namespace: \(namespace)
            spec:
              trigger:
                manual: restore-once
              \(policy.task ?? "restic"):
                repository: \(policy.destination ?? "<repository secret>")
                destinationPVC: \(claim.ref.name)
                copyMethod: Direct
            EOF
            kubectl -n \(namespace) get replicationdestination \(claim.ref.name)-restore -w
            """
        case .cnpg:
            let cluster = policy.target ?? claim.templateOf ?? "postgresql"
            let store = (protection.destination ?? "").components(separatedBy: " at ")
            let endpoint = store.count > 1 ? "\n        endpointURL: \(store[1])" : ""
            return """
            # Recreate Cluster \(cluster) from its object store: in its manifest replace
            # bootstrap.initdb with bootstrap.recovery, and give backup.barmanObjectStore a NEW
            # serverName so the new cluster does not write over the archive it restores from.
              bootstrap:
                recovery:
                  source: \(cluster)-archive
              externalClusters:
                - name: \(cluster)-archive
                  barmanObjectStore:
                    destinationPath: \(store.first.map { $0.isEmpty ? "<destinationPath>" : $0 } ?? "<destinationPath>")\(endpoint)
                    serverName: <the serverName the backups were written with>
            kubectl cnpg status \(cluster) -n \(namespace)
            """
        }
    }

    /// The `app.kubernetes.io/instance` shared by the claim and every pod mounting it, so a Velero
    /// restore can take just this service; nil restores the whole namespace.
    static func instanceLabel(of volume: BackupInventory.Volume, repository: Repository) -> String? {
        let key = "app.kubernetes.io/instance"
        let claim = volume.volume
        let pods = repository.workloads.filter { volume.mountedBy.contains($0.ref.display) && $0.ref.namespace == claim.ref.namespace }
        guard !pods.isEmpty else { return nil }
        let values = Set(pods.map { $0.podLabels[key: key] })
        guard values.count == 1, let value = values.first ?? nil else { return nil }
        // The PVC must match too, or the restore brings back pods without their data.
        return claim.labels[key: key] == value ? value : nil
    }
}
