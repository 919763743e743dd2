import Foundation
import AlmanacModel

/// Every persistent volume, what protects it, and the gaps; the disaster-recovery order.
///
/// The scorecard reads `volumes` and `isProtected(serviceID:)`; keep those signatures.
public struct BackupInventory: Sendable {
    /// One persistent volume (PVC or claim template; hostPath/emptyDir flagged) and its protection.
    public struct Volume: Sendable {
        public enum Kind: String, Sendable {
            case claim = "PVC"
            case claimTemplate = "claim template"
            case hostPath = "hostPath"
            case emptyDir = "emptyDir"
            case nfs = "NFS volume"
        }

        /// Where the volume stands, worst first.
        public enum State: String, Sendable, CaseIterable {
            /// Nothing copies it off the volume and nobody wrote down why.
            case unprotected
            /// A hostPath with data: it lives on one node and no backup tool reads it.
            case nodeLocal = "node-local"
            /// `almanac.dev/exempt-backup` with a reason.
            case exempt
            /// Data on storage outside the cluster (an NFS share), protected there.
            case external
            /// emptyDir: lost on every restart by design.
            case ephemeral
            /// At least one backup copies it off the volume.
            case protected

            public var label: String {
                switch self {
                case .unprotected: "no backup"
                case .nodeLocal: "on one node, no backup"
                case .exempt: "exempt"
                case .external: "external storage"
                case .ephemeral: "ephemeral"
                case .protected: "protected"
                }
            }

            /// Whether the state is a gap the check reports.
            public var isGap: Bool { self == .unprotected || self == .nodeLocal }
        }

        public var volume: PersistentVolume
        public var serviceID: String?
        /// The backup policies that cover it, with a sentence each ("Velero daily-apps, daily at 03:00, kept 30 days").
        public var protections: [Protection]
        /// `almanac.dev/exempt-backup` reason, when the service is exempt.
        public var exemption: String?
        public var kind: Kind
        /// `StatefulSet/plex` for pod volumes (hostPath, emptyDir, NFS) and the workloads mounting a claim.
        public var mountedBy: [String]
        /// The host path, NFS export or emptyDir medium of a pod volume.
        public var podSource: String?
        /// Storage outside the cluster (NFS): its data is protected where it lives.
        public var isExternal: Bool
        /// Things an operator should know: labels Longhorn ignores, NAS data Velero copies anyway …
        public var notes: [String]

        public init(volume: PersistentVolume, serviceID: String?, protections: [Protection] = [], exemption: String? = nil,
                    kind: Kind = .claim, mountedBy: [String] = [], podSource: String? = nil, isExternal: Bool = false,
                    notes: [String] = []) {
            self.volume = volume
            self.serviceID = serviceID
            self.protections = protections
            self.exemption = exemption
            self.kind = kind
            self.mountedBy = mountedBy
            self.podSource = podSource
            self.isExternal = isExternal
            self.notes = notes
        }

        /// Whether a backup copies the data off the volume (in-cluster snapshots do not count).
        public var isProtected: Bool { protections.contains(where: \.isBackup) }

        public var state: State {
            if kind == .emptyDir { return .ephemeral }
            if isExternal { return .external }
            if isProtected { return .protected }
            if exemption != nil { return .exempt }
            return kind == .hostPath ? .nodeLocal : .unprotected
        }
    }

    /// One backup policy applied to one volume.
    public struct Protection: Sendable {
        public var policy: BackupPolicy
        /// How the policy reaches the volume: `namespace media-acquisition`, `label backup=daily`, `group critical`.
        public var reason: String
        /// What it does to the volume: `file-system backup`, `snapshot`, `backup`, `restic`, `base backup + WAL`.
        public var method: String
        /// Whether the copy leaves the volume (a Longhorn snapshot stays on the volume's own replicas).
        public var isBackup: Bool
        /// Where the copies go, resolved from the tool's storage location when the repo defines it.
        public var destination: String?

        public init(policy: BackupPolicy, reason: String, method: String = "backup", isBackup: Bool = true,
                    destination: String? = nil) {
            self.policy = policy
            self.reason = reason
            self.method = method
            self.isBackup = isBackup
            self.destination = destination
        }

        public var scheduleWords: String? { policy.schedule.flatMap(CronDescription.describe) }
        public var retentionWords: String? { RetentionDescription.describe(policy) }

        /// "Velero daily-apps, daily at 03:00, kept 30 days".
        public var summary: String {
            var parts = ["\(policy.mechanism.rawValue) \(policy.ref.name)"]
            if let words = scheduleWords ?? policy.schedule { parts.append(words) }
            if let retention = retentionWords { parts.append("kept \(retention)") }
            return parts.joined(separator: ", ")
        }
    }

    /// One backup policy of the repo with what it covers.
    public struct Policy: Sendable {
        public var policy: BackupPolicy
        public var destination: String?
        /// Volumes it protects (ids: `namespace/name`), sorted.
        public var volumeCount: Int
        public var bytes: Double

        public var scheduleWords: String? { policy.schedule.flatMap(CronDescription.describe) }
        public var retentionWords: String? { RetentionDescription.describe(policy) }
    }

    /// Requested bytes and volume counts per state; volumes without a size count but add no bytes.
    public struct Totals: Sendable, Equatable {
        public var bytes: [String: Double] = [:]
        public var counts: [String: Int] = [:]

        public func bytes(_ state: Volume.State) -> Double { bytes[state.rawValue] ?? 0 }
        public func count(_ state: Volume.State) -> Int { counts[state.rawValue] ?? 0 }
    }

    public var volumes: [Volume] = [] {
        didSet { volumesByService = Dictionary(grouping: volumes.indices) { volumes[$0].serviceID ?? "" } }
    }
    /// Indexes into `volumes` per service id, so per-service lookups stay linear overall.
    private var volumesByService: [String: [Int]] = [:]
    public var policies: [Policy] = []
    public var totals = Totals()
    /// The order to bring things back, and what to restore at each step.
    public var recovery = RecoveryPlan()
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    public init() {}

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> BackupInventory {
        var inventory = BackupInventory()
        let coverage = BackupCoverage(repository)
        inventory.volumes = coverage.volumes()
        for volume in inventory.volumes {
            let state = volume.state.rawValue
            inventory.totals.counts[state, default: 0] += 1
            if volume.kind != .emptyDir { inventory.totals.bytes[state, default: 0] += volume.volume.bytes ?? 0 }
        }
        inventory.policies = coverage.policies.map { policy in
            // A CloudNativePG Cluster's backup section covers what its ScheduledBackups cover.
            let isCluster = policy.mechanism == .cnpg && policy.ref.kind == "Cluster"
            let covered = inventory.volumes.filter { volume in
                volume.protections.contains {
                    $0.policy.ref == policy.ref || (isCluster && $0.policy.mechanism == .cnpg && $0.policy.target == policy.target
                                                    && $0.policy.ref.namespace == policy.ref.namespace)
                }
            }
            return Policy(policy: coverage.effective(policy), destination: coverage.destination(of: policy), volumeCount: covered.count,
                          bytes: covered.compactMap(\.volume.bytes).reduce(0, +))
        }
        inventory.findings = StatefulServiceWithoutBackup.findings(inventory.volumes, repository: repository)
        inventory.recovery = RecoveryPlan.build(repository, analysis, volumes: inventory.volumes, coverage: coverage)
        return inventory
    }

    /// Whether every volume of the service is protected or the service is exempt; nil when it has no volumes.
    public func isProtected(serviceID: String) -> Bool? {
        let own = volumes(of: serviceID)
        guard !own.isEmpty else { return nil }
        return own.allSatisfy { !$0.state.isGap }
    }

    /// The volumes of one service, in inventory order.
    public func volumes(of serviceID: String) -> [Volume] { (volumesByService[serviceID] ?? []).map { volumes[$0] } }
}
