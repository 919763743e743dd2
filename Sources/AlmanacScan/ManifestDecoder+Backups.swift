import AlmanacModel

/// Backup tools declared as their own objects: k8up, kopiur, and the CloudNativePG barman-cloud plugin.
extension ManifestDecoder {
    /// k8up `Schedule` (k8up.io/v1, formerly backup.appuio.ch): backs up the PVCs of its namespace.
    func decodeK8upSchedule(_ root: YAMLNode, ref: ObjectRef) -> BackupPolicy {
        let spec = root["spec"]
        let backend = spec?["backend"]
        var destination: String?
        if let s3 = backend?["s3"] {
            destination = "s3://\(s3["bucket"]?.string ?? "?")" + (s3["endpoint"]?.string.map { " at \($0)" } ?? "")
        } else if let rest = backend?[path: "rest", "url"]?.string {
            destination = rest
        } else if let local = backend?[path: "local", "mountPath"]?.string {
            destination = "local \(local)"
        } else if let other = backend?.pairs.first(where: { $0.key != "repoPasswordSecretRef" && $0.key != "envFrom" }) {
            destination = [other.key, other.value["bucket"]?.string ?? other.value["container"]?.string].compactMap { $0 }
                .joined(separator: " ")
        }
        let backup = spec?["backup"]
        return BackupPolicy(
            ref: ref, mechanism: .k8up, schedule: backup?["schedule"]?.string,
            retention: Self.keepRetention(spec?[path: "prune", "retention"]),
            includedNamespaces: ref.namespace.map { [$0] } ?? [],
            destination: destination, task: backup == nil ? nil : "backup")
    }

    /// kopiur `SnapshotPolicy` (what to copy where, and how long to keep it) and `SnapshotSchedule`
    /// (when a policy runs).
    func decodeKopiur(_ root: YAMLNode, ref: ObjectRef) -> BackupPolicy {
        let spec = root["spec"]
        var policy = BackupPolicy(ref: ref, mechanism: .kopiur)
        policy.labels = root[path: "metadata", "labels"]?.keyValues ?? []
        if ref.kind == "SnapshotSchedule" {
            policy.schedule = spec?[path: "schedule", "cron"]?.string
            policy.target = spec?[path: "policyRef", "name"]?.string
            policy.labelSelector = Self.labelSelector(spec?["policySelector"])
            policy.task = "schedule"
            return policy
        }
        let sources = spec?["sources"]?.items ?? []
        policy.targets = sources.compactMap { $0[path: "pvc", "name"]?.string }
        policy.labelSelector = Self.labelSelector(sources.lazy.compactMap { $0["pvcSelector"] }.first)
        policy.retention = Self.keepRetention(spec?["retention"])
        if let repository = spec?[path: "repository", "name"]?.string {
            policy.store = "\(spec?[path: "repository", "kind"]?.string ?? "Repository")/\(repository)"
        }
        policy.task = "kopia"
        return policy
    }

    /// `keepLast: 5, keepDaily: 14` → "keepLast 5, keepDaily 14" (k8up prune retention, kopiur retention).
    static func keepRetention(_ node: YAMLNode?) -> String? {
        let parts = (node?.pairs ?? []).compactMap { pair in pair.value.string.map { "\(pair.key) \($0)" } }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// The barman-cloud plugin's `ObjectStore` (barmancloud.cnpg.io/v1).
    func decodeObjectStore(_ root: YAMLNode, ref: ObjectRef) -> BackupStore {
        let spec = root["spec"]
        return BackupStore(ref: ref, destinationPath: spec?[path: "configuration", "destinationPath"]?.string,
                           endpointURL: spec?[path: "configuration", "endpointURL"]?.string,
                           retention: spec?["retentionPolicy"]?.string)
    }

    /// The Cluster's backup: the barman-cloud plugin (`spec.plugins[]`, naming an ObjectStore) or
    /// the in-tree `spec.backup.barmanObjectStore`.
    func decodeCNPGBackup(_ spec: YAMLNode?, ref: ObjectRef) -> BackupPolicy? {
        let plugin = spec?["plugins"]?.items.first { $0["name"]?.string == "barman-cloud.cloudnative-pg.io" }
        if let plugin, plugin["enabled"]?.bool != false {
            let archivesWAL = plugin["isWALArchiver"]?.bool ?? false
            var policy = BackupPolicy(ref: ref, mechanism: .cnpg, target: ref.name,
                                      task: archivesWAL ? "continuous WAL archiving" : "barman-cloud plugin")
            policy.store = plugin[path: "parameters", "barmanObjectName"]?.string
            return policy
        }
        guard let backup = spec?["backup"] else { return nil }
        let store = backup["barmanObjectStore"]
        return BackupPolicy(
            ref: ref, mechanism: .cnpg, retention: backup["retentionPolicy"]?.string,
            target: ref.name,
            destination: [store?["destinationPath"]?.string, store?["endpointURL"]?.string].compactMap { $0 }
                .joined(separator: " at "),
            task: "continuous WAL archiving")
    }
}
