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
            // Kopia names snapshots after the source; a destination of another name must say whose to read.
            let identity = policy.task == "kopia" ? "\n    sourceIdentity:\n      sourceName: \(policy.ref.name)" : ""
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
                copyMethod: Direct\(identity)
            EOF
            kubectl -n \(namespace) get replicationdestination \(claim.ref.name)-restore -w
            """
        case .cnpg where policy.store != nil:
            let cluster = policy.target ?? claim.templateOf ?? "postgresql"
            return """
            # Recreate Cluster \(cluster) from ObjectStore \(policy.store ?? ""): in its manifest replace
            # bootstrap.initdb with bootstrap.recovery, and give the plugin's parameters a NEW
            # serverName so the new cluster does not write over the archive it restores from.
              bootstrap:
                recovery:
                  source: \(cluster)-archive
              externalClusters:
                - name: \(cluster)-archive
                  plugin:
                    name: barman-cloud.cloudnative-pg.io
                    parameters:
                      barmanObjectName: \(policy.store ?? "")
                      serverName: \(cluster)
            kubectl cnpg status \(cluster) -n \(namespace)
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
        case .k8up:
            return """
            # Scale the workloads using \(claim.ref.name) to 0 first; k8up writes into the claim.
            kubectl -n \(namespace) get snapshots.k8up.io   # pick the snapshot ID with path /data/\(claim.ref.name)
            kubectl apply -f - <<'EOF'
            apiVersion: k8up.io/v1
            kind: Restore
            metadata:
              name: \(claim.ref.name)-restore
              namespace: \(namespace)
            spec:
              snapshot: <snapshot ID>
              restoreMethod:
                folder:
                  claimName: \(claim.ref.name)
              backend: # copy spec.backend of Schedule \(policy.ref.name)
            EOF
            """
        case .kopiur:
            return """
            # Delete PVC \(claim.ref.name) (its workloads scaled to 0), then let the Restore populate a new one.
            kubectl apply -f - <<'EOF'
            apiVersion: kopiur.home-operations.com/v1alpha1
            kind: Restore
            metadata:
              name: \(claim.ref.name)
              namespace: \(namespace)
            spec:
              source:
                fromPolicy:
                  name: \(policy.ref.name)
                  offset: 0
              target:
                populator: {}
            EOF
            # and recreate the PVC with spec.dataSourceRef: {apiGroup: kopiur.home-operations.com, kind: Restore, name: \(claim.ref.name)}
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
