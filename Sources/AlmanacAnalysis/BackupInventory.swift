import AlmanacModel

/// Every persistent volume, what protects it, and the gaps; the disaster-recovery order.
///
/// The scorecard reads `volumes` and `isProtected(serviceID:)`; keep those signatures.
public struct BackupInventory: Sendable {
    /// One persistent volume (PVC or claim template; hostPath/emptyDir flagged) and its protection.
    public struct Volume: Sendable {
        public var volume: PersistentVolume
        public var serviceID: String?
        /// The backup policies that cover it, with a sentence each ("Velero daily-apps, daily at 03:00, kept 30 days").
        public var protections: [Protection]
        /// `almanac.dev/exempt-backup` reason, when the service is exempt.
        public var exemption: String?

        public init(volume: PersistentVolume, serviceID: String?, protections: [Protection] = [], exemption: String? = nil) {
            self.volume = volume
            self.serviceID = serviceID
            self.protections = protections
            self.exemption = exemption
        }

        public var isProtected: Bool { !protections.isEmpty }
    }

    /// One backup policy applied to one volume.
    public struct Protection: Sendable {
        public var policy: BackupPolicy
        /// How the policy reaches the volume: `namespace media-acquisition`, `label backup=daily`, `group critical`.
        public var reason: String

        public init(policy: BackupPolicy, reason: String) {
            self.policy = policy
            self.reason = reason
        }
    }

    public var volumes: [Volume] = []
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    public init() {}

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> BackupInventory {
        BackupInventory()
    }

    /// Whether every volume of the service is protected or the service is exempt; nil when it has no volumes.
    public func isProtected(serviceID: String) -> Bool? {
        let own = volumes.filter { $0.serviceID == serviceID }
        guard !own.isEmpty else { return nil }
        return own.allSatisfy { $0.isProtected || $0.exemption != nil }
    }
}
