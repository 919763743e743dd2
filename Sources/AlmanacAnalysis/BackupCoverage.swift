import Foundation
import AlmanacModel

/// Decides which backup policies reach which volume, following each tool's own rules:
///
/// - **Velero** backs up the pods of the namespaces a Schedule includes (`*` or none listed means
///   all) and does not exclude, that match its label selector. A pod's volume data is copied by
///   file-system backup when the Schedule sets `defaultVolumesToFsBackup` and the pod does not
///   list the volume in `backup.velero.io/backup-volumes-excludes`, or when the pod lists it in
///   `backup.velero.io/backup-volumes`; hostPath volumes are never copied. With `snapshotVolumes`
///   the PVC (selected itself, or through a selected pod) is snapshotted instead.
/// - **Longhorn** runs a RecurringJob on a volume whose PVC carries
///   `recurring-job.longhorn.io/<job>: enabled` or `recurring-job-group.longhorn.io/<group>: enabled`
///   — only with `recurring-job.longhorn.io/source: enabled`, which copies those labels onto the
///   Longhorn volume. Jobs in the `default` group run on volumes without any job label. Snapshot
///   tasks keep copies on the volume's own replicas; only backup tasks leave the volume.
/// - **VolSync** copies the `sourcePVC` of a ReplicationSource in the same namespace.
///   `rsync`, `rsyncTLS` and `rclone` movers replicate rather than keep restorable history.
/// - **CloudNativePG** ScheduledBackups take base backups of a Cluster's volumes; the Cluster's
///   `backup` section, or its barman-cloud plugin with the `ObjectStore` it names, adds WAL
///   archiving, retention and the object store.
/// - **k8up** Schedules back up every PVC in their namespace that is not annotated
///   `k8up.io/backup: "false"`.
/// - **kopiur** SnapshotPolicies copy the PVCs their sources name or select, in their namespace,
///   when a SnapshotSchedule runs them.
struct BackupCoverage {
    let repository: Repository
    /// Every policy except kopiur SnapshotSchedules, which only say when a SnapshotPolicy runs.
    let policies: [BackupPolicy]
    let kopiurSchedules: [BackupPolicy]
    private let workloadsByNamespace: [String: [Workload]]

    init(_ repository: Repository) {
        self.repository = repository
        let sorted = repository.backups.sorted { ($0.mechanism.rawValue, $0.ref) < ($1.mechanism.rawValue, $1.ref) }
        self.policies = sorted.filter { !Self.isKopiurSchedule($0) }
        self.kopiurSchedules = sorted.filter(Self.isKopiurSchedule)
        self.workloadsByNamespace = Dictionary(grouping: repository.workloads) { $0.ref.namespace ?? "" }
    }

    static func isKopiurSchedule(_ policy: BackupPolicy) -> Bool {
        policy.mechanism == .kopiur && policy.ref.kind == "SnapshotSchedule"
    }

    /// A pod template that mounts the volume, under the pod volume name it uses.
    struct Mount {
        var workload: Workload
        var name: String
    }

    // MARK: Volumes

    func volumes() -> [BackupInventory.Volume] {
        var result: [BackupInventory.Volume] = []
        for claim in repository.allVolumes {
            let mounts = self.mounts(of: claim)
            var volume = BackupInventory.Volume(
                volume: claim, serviceID: claim.serviceID, kind: claim.templateOf == nil ? .claim : .claimTemplate,
                mountedBy: Self.unique(mounts.map(\.workload.ref.display)))
            volume.isExternal = Self.isExternalStorageClass(claim.storageClass)
            (volume.protections, volume.notes) = protections(of: claim, mounts: mounts)
            volume.exemption = claim.annotations[key: Self.exemptKey] ?? exemption(serviceID: claim.serviceID, mounts: mounts)
            if volume.isExternal {
                volume.notes.insert("Data lives on the NFS share behind storage class \(claim.storageClass ?? "?"); it is protected where it lives, outside the cluster.", at: 0)
                for protection in volume.protections where protection.policy.mechanism == .velero {
                    volume.notes.append("Velero \(protection.policy.ref.name) also copies this share (\(protection.reason)); add `backup.velero.io/backup-volumes-excludes` with the volume name to those pods unless you mean to.")
                }
            }
            result.append(volume)
        }
        for workload in repository.workloads {
            let statefulLooking = workload.kind == .statefulSet || workload.volumes.contains {
                if case .persistentVolumeClaim = $0.source { return true }
                return false
            }
            for podVolume in workload.volumes {
                let kind: BackupInventory.Volume.Kind
                var source: String?
                switch podVolume.source {
                case .hostPath(let path):
                    guard !Self.isSystemPath(path) else { continue }
                    kind = .hostPath
                    source = path
                case .emptyDir:
                    guard statefulLooking else { continue }
                    kind = .emptyDir
                case .nfs(let server, let path):
                    kind = .nfs
                    source = "\(server):\(path)"
                default:
                    continue
                }
                var ref = workload.ref
                ref.kind = "Volume"
                ref.name = podVolume.name
                var volume = BackupInventory.Volume(
                    volume: PersistentVolume(ref: ref, serviceID: workload.serviceID), serviceID: workload.serviceID,
                    exemption: exemption(serviceID: workload.serviceID, mounts: [Mount(workload: workload, name: podVolume.name)]),
                    kind: kind, mountedBy: [workload.ref.display], podSource: source, isExternal: kind == .nfs)
                if kind == .hostPath {
                    volume.notes.append("hostPath data lives on whichever node the pod runs on; Velero file-system backup cannot read hostPath volumes.")
                }
                result.append(volume)
            }
        }
        return result.sorted { ($0.serviceID ?? "~", $0.volume.ref) < ($1.serviceID ?? "~", $1.volume.ref) }
    }

    static let exemptKey = "almanac.dev/exempt-backup"

    /// The reason from the PVC's mounting workloads, or any workload of its service.
    private func exemption(serviceID: String?, mounts: [Mount]) -> String? {
        if let reason = mounts.lazy.compactMap({ $0.workload.annotations[key: Self.exemptKey] }).first { return reason }
        guard let serviceID else { return nil }
        return repository.workloads.filter { $0.serviceID == serviceID }.sorted { $0.ref < $1.ref }
            .lazy.compactMap { $0.annotations[key: Self.exemptKey] }.first
    }

    /// NFS and SMB classes hold data on a file server outside the cluster.
    static func isExternalStorageClass(_ name: String?) -> Bool {
        guard let name = name?.lowercased() else { return false }
        return ["nfs", "smb", "cifs"].contains { name.contains($0) }
    }

    /// Host paths that hold the node's own files or devices, not application data.
    static func isSystemPath(_ path: String) -> Bool {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        let prefixes = ["/dev", "/proc", "/sys", "/etc", "/boot", "/run", "/var/run", "/var/log", "/var/lib/kubelet",
                        "/var/lib/longhorn", "/var/lib/rancher", "/var/lib/docker", "/var/lib/containerd", "/lib/modules",
                        "/usr", "/opt/cni", "/tmp"]
        return trimmed == "/" || prefixes.contains { trimmed == $0 || trimmed.hasPrefix($0 + "/") }
    }

    /// Pod templates that mount the claim, with the pod volume name.
    func mounts(of claim: PersistentVolume) -> [Mount] {
        let namespace = claim.ref.namespace ?? ""
        let workloads = workloadsByNamespace[namespace] ?? []
        if let owner = claim.templateOf {
            // The workload that declares the template: a Deployment and a CNPG Cluster may share a name.
            guard let workload = workloads.first(where: { $0.claimTemplates.contains { $0.ref == claim.ref } })
                ?? workloads.first(where: { $0.ref.name == owner }) else { return [] }
            let name: String
            if workload.kind == .cnpgCluster {
                name = claim.ref.name.hasSuffix("-wal") ? "pg-wal" : "pgdata"
            } else {
                name = claim.ref.name.hasSuffix("-\(owner)") ? String(claim.ref.name.dropLast(owner.count + 1)) : claim.ref.name
            }
            return [Mount(workload: workload, name: name)]
        }
        return workloads.compactMap { workload in
            workload.volumes.first { $0.source == .persistentVolumeClaim(claim.ref.name) }
                .map { Mount(workload: workload, name: $0.name) }
        }.sorted { $0.workload.ref < $1.workload.ref }
    }

    // MARK: Protections

    func protections(of claim: PersistentVolume, mounts: [Mount]) -> ([BackupInventory.Protection], [String]) {
        var protections: [BackupInventory.Protection] = []
        var notes: [String] = []
        for policy in policies {
            switch policy.mechanism {
            case .velero:
                if let protection = velero(policy, claim: claim, mounts: mounts, notes: &notes) { protections.append(protection) }
            case .longhorn:
                if let protection = longhorn(policy, claim: claim, notes: &notes) { protections.append(protection) }
            case .volsync:
                if policy.target == claim.ref.name, policy.ref.namespace == claim.ref.namespace {
                    protections.append(.init(policy: policy, reason: "sourcePVC \(claim.ref.name)",
                                             method: policy.task ?? "replication",
                                             isBackup: !Self.replicationMovers.contains(policy.task ?? ""),
                                             destination: destination(of: policy)))
                }
            case .cnpg:
                if let protection = cnpg(policy, claim: claim, mounts: mounts, notes: &notes) { protections.append(protection) }
            case .k8up:
                if let protection = k8up(policy, claim: claim, notes: &notes) { protections.append(protection) }
            case .kopiur:
                if let protection = kopiur(policy, claim: claim, notes: &notes) { protections.append(protection) }
            }
        }
        return (protections, Self.unique(notes))
    }

    /// VolSync movers that mirror a volume elsewhere without keeping restorable history.
    static let replicationMovers: Set<String> = ["rsync", "rsyncTLS", "rclone"]

    private func velero(_ policy: BackupPolicy, claim: PersistentVolume, mounts: [Mount],
                        notes: inout [String]) -> BackupInventory.Protection? {
        guard let namespaceReason = Self.veleroNamespaceReason(policy, namespace: claim.ref.namespace) else { return nil }
        let selector = policy.hasLabelSelection ? ", " + policy.selectionDescription : ""
        var selectedPod = false
        for mount in mounts where policy.selects(mount.workload.selectableLabels) {
            selectedPod = true
            let annotations = mount.workload.podAnnotations
            let excludes = Self.names(annotations[key: "backup.velero.io/backup-volumes-excludes"])
            let includes = Self.names(annotations[key: "backup.velero.io/backup-volumes"])
            let opted = includes.contains(mount.name)
            if opted || (policy.volumesByDefault && !excludes.contains(mount.name)) {
                let how = opted ? "listed in backup.velero.io/backup-volumes" : "defaultVolumesToFsBackup"
                return .init(policy: policy, reason: "\(namespaceReason)\(selector): pod volume '\(mount.name)' of \(mount.workload.ref.display), \(how)",
                             method: "file-system backup", destination: destination(of: policy))
            }
            if excludes.contains(mount.name) {
                notes.append("\(mount.workload.ref.display) excludes volume '\(mount.name)' from Velero file-system backup (backup.velero.io/backup-volumes-excludes).")
            }
        }
        let claimSelected = policy.hasLabelSelection && policy.selects(claim.labels)
        if policy.task == "snapshot", selectedPod || claimSelected || !policy.hasLabelSelection {
            return .init(policy: policy, reason: "\(namespaceReason)\(selector)", method: "volume snapshot",
                         destination: destination(of: policy))
        }
        return nil
    }

    /// Why a Velero Schedule's namespace filter takes `namespace`, or nil when it does not.
    static func veleroNamespaceReason(_ policy: BackupPolicy, namespace: String?) -> String? {
        let namespace = namespace ?? "default"
        if policy.excludedNamespaces.contains(where: { glob($0, namespace) }) { return nil }
        let included = policy.includedNamespaces
        if included.isEmpty || included.contains("*") { return "all namespaces" }
        if included.contains(namespace) { return "namespace \(namespace)" }
        if let pattern = included.first(where: { glob($0, namespace) }) { return "namespace pattern \(pattern)" }
        return nil
    }

    private func longhorn(_ policy: BackupPolicy, claim: PersistentVolume, notes: inout [String]) -> BackupInventory.Protection? {
        // Only Longhorn volumes run Longhorn jobs; a claim without a class uses the cluster default.
        if let storageClass = claim.storageClass, !storageClass.lowercased().contains("longhorn") { return nil }
        let jobPrefix = "recurring-job.longhorn.io/"
        let groupPrefix = "recurring-job-group.longhorn.io/"
        let jobLabels = claim.labels.filter {
            ($0.key.hasPrefix(jobPrefix) && $0.key != jobPrefix + "source") || $0.key.hasPrefix(groupPrefix)
        }
        let isSource = claim.labels[key: jobPrefix + "source"] == "enabled"
        if !jobLabels.isEmpty, !isSource {
            notes.append("The PVC carries Longhorn recurring-job labels but not `recurring-job.longhorn.io/source: enabled`, so Longhorn never copies them onto the volume.")
        }
        let effective = isSource ? jobLabels.filter { $0.value == "enabled" } : []
        let reason: String
        if effective.contains(where: { $0.key == jobPrefix + policy.ref.name }) {
            reason = "label \(jobPrefix)\(policy.ref.name)"
        } else if let group = policy.groups.sorted().first(where: { group in effective.contains { $0.key == groupPrefix + group } }) {
            reason = "group \(group)"
        } else if effective.isEmpty, policy.groups.contains("default") {
            reason = "group default (volumes without job labels)"
        } else {
            return nil
        }
        let task = policy.task ?? "snapshot"
        let isBackup = task.hasPrefix("backup")
        return .init(policy: policy, reason: reason, method: isBackup ? "backup" : task.replacingOccurrences(of: "-", with: " "),
                     isBackup: isBackup, destination: isBackup ? destination(of: policy) : "the volume's own replicas")
    }

    private func cnpg(_ policy: BackupPolicy, claim: PersistentVolume, mounts: [Mount],
                      notes: inout [String]) -> BackupInventory.Protection? {
        guard let cluster = claim.templateOf, policy.target == cluster, policy.ref.namespace == claim.ref.namespace,
              mounts.contains(where: { $0.workload.kind == .cnpgCluster }) else { return nil }
        if policy.ref.kind == "ScheduledBackup" {
            let merged = effective(policy)
            let archivesWAL = clusterBackup(cluster, namespace: claim.ref.namespace)?.task == Self.walArchiving
            let wal = archivesWAL ? " + continuous WAL archiving" : ""
            return .init(policy: merged, reason: "cluster \(cluster)", method: "base backup\(wal)",
                         destination: merged.destination.flatMap { $0.isEmpty ? nil : $0 })
        }
        // The Cluster's own backup section: WAL archiving needs a base backup to restore from.
        let scheduled = policies.contains { $0.ref.kind == "ScheduledBackup" && $0.target == cluster && $0.ref.namespace == claim.ref.namespace }
        if !scheduled, policy.task == Self.walArchiving {
            notes.append("Cluster \(cluster) archives WAL but no ScheduledBackup takes base backups, so there is nothing to restore from.")
        }
        return nil
    }

    static let walArchiving = "continuous WAL archiving"

    /// A policy with what other objects add to it: a ScheduledBackup takes the retention and
    /// object store of its Cluster's backup section (or plugin ObjectStore), a Cluster with the
    /// plugin those of its ObjectStore, a kopiur SnapshotPolicy the cron of its SnapshotSchedule.
    func effective(_ policy: BackupPolicy) -> BackupPolicy {
        if policy.mechanism == .kopiur { return kopiurEffective(policy) }
        guard policy.mechanism == .cnpg else { return policy }
        var merged = policy
        if policy.ref.kind == "Cluster" {
            let store = objectStore(for: policy)
            merged.retention = merged.retention ?? store?.retention
            merged.destination = merged.destination ?? store?.destination
            return merged
        }
        guard let clusterPolicy = clusterBackup(policy.target ?? "", namespace: policy.ref.namespace).map(effective) else { return policy }
        merged.retention = merged.retention ?? clusterPolicy.retention
        merged.destination = merged.destination ?? clusterPolicy.destination
        merged.store = merged.store ?? clusterPolicy.store
        return merged
    }

    func clusterBackup(_ cluster: String, namespace: String?) -> BackupPolicy? {
        policies.first { $0.mechanism == .cnpg && $0.ref.kind == "Cluster" && $0.ref.name == cluster && $0.ref.namespace == namespace }
    }

    // MARK: Destinations

    /// Where a policy's copies go, in words, from the storage location objects the repo defines.
    func destination(of policy: BackupPolicy) -> String? {
        switch policy.mechanism {
        case .velero:
            let name = policy.destination ?? "default"
            let location = repository.otherObjects.first { $0.kind == "BackupStorageLocation" && $0.name == name }
            guard let location, let file = repository.files.first(where: { $0.path == location.location.path }),
                  let text = file.publishableText else { return "Velero storage location \(name)" }
            let fields = ManifestText.scalars(in: text, objectLine: location.location.line, keys: ["bucket", "prefix", "s3Url"])
            guard let bucket = fields["bucket"] else { return "Velero storage location \(name)" }
            let path = "s3://\(bucket)" + (fields["prefix"].map { "/\($0)" } ?? "")
            return "\(path)" + (fields["s3Url"].map { " at \($0)" } ?? "") + " (location \(name))"
        case .longhorn:
            if !(policy.task ?? "snapshot").hasPrefix("backup") { return "the volume's own replicas" }
            for map in repository.configMaps.sorted(by: { $0.ref < $1.ref }) {
                for entry in map.entries {
                    if entry.key == "backup-target", let value = entry.value, !value.isEmpty { return value }
                    if let value = entry.value, let target = ManifestText.scalars(in: value, objectLine: 1, keys: ["backup-target"])["backup-target"] {
                        return target
                    }
                }
            }
            return "the Longhorn backup target"
        case .volsync:
            return policy.destination.map { "\(policy.task ?? "restic") repository from Secret \($0)" }
        case .cnpg:
            if let destination = effective(policy).destination, !destination.isEmpty { return destination }
            return effective(policy).store.map { "barman-cloud ObjectStore \($0)" }
        case .k8up:
            return policy.destination.map { "restic repository \($0)" }
        case .kopiur:
            return policy.store.map { "kopia repository \($0)" }
        }
    }

    // MARK: Helpers

    /// `a, b,c` → ["a", "b", "c"].
    static func names(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Shell-style `*` wildcards, as Velero accepts in namespace lists.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        guard pattern.contains("*") else { return pattern == text }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(text)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for (index, part) in parts.enumerated().dropFirst() {
            if index == parts.count - 1 { return part.isEmpty || rest.hasSuffix(part) }
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }

    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
