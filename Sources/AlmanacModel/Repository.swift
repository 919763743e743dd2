/// Everything the scan learned about a repository: the input of analysis and site stages.
public struct Repository: Sendable, Codable {
    public var config: SiteConfig
    public var services: [Service]
    public var workloads: [Workload]
    public var kubeServices: [KubeService]
    public var routes: [Route]
    public var volumes: [PersistentVolume]
    public var networkPolicies: [NetworkPolicy]
    public var monitors: [Monitor]
    public var alerts: [AlertRule]
    public var backups: [BackupPolicy]
    public var gitOpsApps: [GitOpsApp]
    public var namespaces: [NamespaceInfo]
    public var addressPools: [AddressPool]
    /// Gateway API Gateways.
    public var gateways: [Gateway] = []
    /// Where backups are written, as objects of their own (CloudNativePG barman-cloud `ObjectStore`).
    public var backupStores: [BackupStore] = []
    public var certificates: [CertificateInfo]
    public var secrets: [SecretInfo]
    public var configMaps: [ConfigMapInfo]
    /// Every other object, by reference only.
    public var otherObjects: [ObjectRef]
    public var documents: [Document]
    public var files: [SourceFile]
    /// Pulumi stack configs and Kustomize overlays, one per environment and source.
    public var environments: [EnvironmentConfig] = []
    /// `almanac.dev/exempt-<rule>` annotations on Services, PVCs, routes and other non-workload objects.
    public var objectExemptions: [ObjectExemption] = []
    /// Committed versions of the ADR files, oldest first, when the repo is a git checkout.
    public var adrRevisions: [FileVersion] = []
    /// Date of the newest commit (`YYYY-MM-DD`), when the repo is a git checkout: the build's "now".
    public var lastCommitDate: String?
    /// The newest commit of each file, by repo-relative path; empty when the repo is not a git checkout.
    public var history: [String: FileRevision] = [:]
    /// Images that documents reference (`![…](diagram.png)`), read so the site can copy them.
    public var documentImages: [DocumentImage] = []
    /// What the GitOps roots deploy; empty when the repo has no GitOps objects.
    public var deployment = Deployment()

    public init(config: SiteConfig = SiteConfig(), services: [Service] = [], workloads: [Workload] = [],
                kubeServices: [KubeService] = [], routes: [Route] = [], volumes: [PersistentVolume] = [],
                networkPolicies: [NetworkPolicy] = [], monitors: [Monitor] = [], alerts: [AlertRule] = [],
                backups: [BackupPolicy] = [], gitOpsApps: [GitOpsApp] = [], namespaces: [NamespaceInfo] = [],
                addressPools: [AddressPool] = [], certificates: [CertificateInfo] = [], secrets: [SecretInfo] = [],
                configMaps: [ConfigMapInfo] = [], otherObjects: [ObjectRef] = [], documents: [Document] = [],
                files: [SourceFile] = []) {
        self.config = config
        self.services = services
        self.workloads = workloads
        self.kubeServices = kubeServices
        self.routes = routes
        self.volumes = volumes
        self.networkPolicies = networkPolicies
        self.monitors = monitors
        self.alerts = alerts
        self.backups = backups
        self.gitOpsApps = gitOpsApps
        self.namespaces = namespaces
        self.addressPools = addressPools
        self.certificates = certificates
        self.secrets = secrets
        self.configMaps = configMaps
        self.otherObjects = otherObjects
        self.documents = documents
        self.files = files
    }

    /// Every PVC and claim template, including those declared inside StatefulSets.
    public var allVolumes: [PersistentVolume] { volumes + workloads.flatMap(\.claimTemplates) }
}

/// A file of the repo and what Almanac did with it.
public struct SourceFile: Hashable, Sendable, Codable {
    public enum Role: String, Sendable, Codable {
        case manifest, markdown, diagram, config, other
        /// Read but deliberately not published (SOPS-encrypted, Secret data).
        case sensitive
        /// Not read, with the reason in `note`.
        case skipped
    }

    public var path: String
    public var role: Role
    public var size: Int
    public var note: String?
    public var serviceID: String?
    /// The secret values hidden from `publishableText`, in its coordinates.
    public var redactions: [Redaction]
    /// The file's text with secret values masked, for every view of it; nil when it must not be shown.
    public var publishableText: String?

    public init(path: String, role: Role, size: Int, note: String? = nil, serviceID: String? = nil,
                redactions: [Redaction] = [], publishableText: String? = nil) {
        self.path = path
        self.role = role
        self.size = size
        self.note = note
        self.serviceID = serviceID
        self.redactions = redactions
        self.publishableText = publishableText
    }
}
