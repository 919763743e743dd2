import AlmanacModel

/// Coverage rules of the tools that declare backups as objects next to the data: k8up, kopiur,
/// and the CloudNativePG barman-cloud plugin's ObjectStore.
extension BackupCoverage {
    static let k8upOptOut = "k8up.io/backup"

    /// A k8up Schedule backs up every PVC of its namespace unless the PVC opts out.
    func k8up(_ policy: BackupPolicy, claim: PersistentVolume, notes: inout [String]) -> BackupInventory.Protection? {
        guard policy.task == "backup", policy.ref.namespace == claim.ref.namespace else { return nil }
        if claim.annotations[key: Self.k8upOptOut] == "false" {
            notes.append("The PVC opts out of k8up Schedule \(policy.ref.name) (`\(Self.k8upOptOut): \"false\"`).")
            return nil
        }
        return .init(policy: policy, reason: "namespace \(claim.ref.namespace ?? "default")", method: "restic backup",
                     destination: destination(of: policy))
    }

    /// A kopiur SnapshotPolicy copies the PVCs it names or selects, when a SnapshotSchedule runs it.
    func kopiur(_ policy: BackupPolicy, claim: PersistentVolume, notes: inout [String]) -> BackupInventory.Protection? {
        guard policy.ref.namespace == claim.ref.namespace else { return nil }
        let reason: String
        if policy.targets.contains(claim.ref.name) {
            reason = "source pvc \(claim.ref.name)"
        } else if !policy.labelSelector.isEmpty, policy.labelSelector.matches(claim.labels) {
            reason = "pvcSelector " + policy.labelSelector.description(separator: ",")
        } else {
            return nil
        }
        guard let schedule = schedule(of: policy) else {
            notes.append("kopiur SnapshotPolicy \(policy.ref.name) has no SnapshotSchedule, so it only runs when a Snapshot is created by hand.")
            return nil
        }
        return .init(policy: kopiurEffective(policy), reason: "\(reason), SnapshotSchedule \(schedule.ref.name)",
                     method: "kopia snapshot", destination: destination(of: policy))
    }

    /// The SnapshotSchedule that runs a SnapshotPolicy, by `policyRef` or `policySelector`.
    func schedule(of policy: BackupPolicy) -> BackupPolicy? {
        kopiurSchedules.first { schedule in
            schedule.ref.namespace == policy.ref.namespace
                && (schedule.target == policy.ref.name
                    || (schedule.target == nil && !schedule.labelSelector.isEmpty && schedule.labelSelector.matches(policy.labels)))
        }
    }

    /// A SnapshotPolicy with the cron of the schedule that runs it.
    func kopiurEffective(_ policy: BackupPolicy) -> BackupPolicy {
        guard policy.ref.kind == "SnapshotPolicy", let schedule = schedule(of: policy) else { return policy }
        var merged = policy
        merged.schedule = merged.schedule ?? schedule.schedule
        return merged
    }

    /// The barman-cloud ObjectStore a Cluster's plugin names, in the Cluster's namespace.
    func objectStore(for policy: BackupPolicy) -> BackupStore? {
        guard let name = policy.store else { return nil }
        return repository.backupStores.first { $0.ref.kind == "ObjectStore" && $0.ref.name == name && $0.ref.namespace == policy.ref.namespace }
    }
}
