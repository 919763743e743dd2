/// Something that backs data up: a Velero Schedule, Longhorn RecurringJob, VolSync
/// ReplicationSource, CloudNativePG ScheduledBackup or Cluster backup section (in-tree or the
/// barman-cloud plugin), k8up Schedule, kopiur SnapshotPolicy or SnapshotSchedule.
public struct BackupPolicy: Hashable, Sendable, Codable {
    public enum Mechanism: String, Sendable, Codable {
        case velero = "Velero"
        case longhorn = "Longhorn"
        case volsync = "VolSync"
        case cnpg = "CloudNativePG"
        case k8up = "k8up"
        case kopiur = "kopiur"
    }

    public var ref: ObjectRef
    public var serviceID: String?
    public var mechanism: Mechanism
    /// Cron expression as written.
    public var schedule: String?
    /// TTL, `retain` count, or retention policy, as written.
    public var retention: String?
    public var includedNamespaces: [String]
    public var excludedNamespaces: [String]
    public var labelSelector: [KeyValue]
    /// Longhorn recurring-job groups.
    public var groups: [String]
    /// VolSync source PVC or CNPG cluster name.
    public var target: String?
    public var destination: String?
    /// Velero: back up pod volumes by default (`defaultVolumesToFsBackup`).
    public var volumesByDefault: Bool
    /// `snapshot`, `backup` … (Longhorn task), `restic`/`kopia`/`rsync` (VolSync).
    public var task: String?
    /// kopiur SnapshotPolicy `sources[].pvc.name`.
    public var targets: [String] = []
    /// The storage object it writes to by name: the CloudNativePG barman-cloud `ObjectStore`
    /// (`parameters.barmanObjectName`), the kopiur repository (`Kind/name`).
    public var store: String?
    /// The object's own labels (a kopiur SnapshotSchedule's `policySelector` matches these).
    public var labels: [KeyValue] = []

    public init(ref: ObjectRef, serviceID: String? = nil, mechanism: Mechanism, schedule: String? = nil,
                retention: String? = nil, includedNamespaces: [String] = [], excludedNamespaces: [String] = [],
                labelSelector: [KeyValue] = [], groups: [String] = [], target: String? = nil,
                destination: String? = nil, volumesByDefault: Bool = false, task: String? = nil) {
        self.ref = ref
        self.serviceID = serviceID
        self.mechanism = mechanism
        self.schedule = schedule
        self.retention = retention
        self.includedNamespaces = includedNamespaces
        self.excludedNamespaces = excludedNamespaces
        self.labelSelector = labelSelector
        self.groups = groups
        self.target = target
        self.destination = destination
        self.volumesByDefault = volumesByDefault
        self.task = task
    }
}
