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
    /// Velero `labelSelector`; empty selects every object of the included namespaces.
    public var labelSelector: LabelSelector
    /// Velero `orLabelSelectors`: an object is taken when any of them matches.
    public var orLabelSelectors: [LabelSelector]
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
                labelSelector: LabelSelector = LabelSelector(), orLabelSelectors: [LabelSelector] = [], groups: [String] = [], target: String? = nil,
                destination: String? = nil, volumesByDefault: Bool = false, task: String? = nil) {
        self.ref = ref
        self.serviceID = serviceID
        self.mechanism = mechanism
        self.schedule = schedule
        self.retention = retention
        self.includedNamespaces = includedNamespaces
        self.excludedNamespaces = excludedNamespaces
        self.labelSelector = labelSelector
        self.orLabelSelectors = orLabelSelectors
        self.groups = groups
        self.target = target
        self.destination = destination
        self.volumesByDefault = volumesByDefault
        self.task = task
    }

    /// Whether the policy selects objects by label at all (Velero: otherwise it takes everything).
    public var hasLabelSelection: Bool { !labelSelector.isEmpty || !orLabelSelectors.isEmpty }

    /// Whether the label selection takes an object with `labels`: `labelSelector` matches and,
    /// when `orLabelSelectors` are given, at least one of them does. Velero accepts only one of
    /// the two fields; requiring both when both are written is the stricter reading.
    public func selects(_ labels: [KeyValue]) -> Bool {
        labelSelector.matches(labels) && (orLabelSelectors.isEmpty || orLabelSelectors.contains { $0.matches(labels) })
    }

    /// `labelled tier=gold`, `labelled tier=gold or app=db`; empty without label selection.
    public var selectionDescription: String {
        guard hasLabelSelection else { return "" }
        let alternatives = orLabelSelectors.map { $0.description() }.joined(separator: " or ")
        return "labelled " + [labelSelector.description(), alternatives].filter { !$0.isEmpty }.joined(separator: " and ")
    }
}
