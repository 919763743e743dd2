/// An ArgoCD Application / ApplicationSet, or a Flux Kustomization / HelmRelease: how the repo is deployed.
public struct GitOpsApp: Hashable, Sendable, Codable {
    public enum Tool: String, Sendable, Codable {
        case argoApplication = "ArgoCD Application"
        case argoApplicationSet = "ArgoCD ApplicationSet"
        case fluxKustomization = "Flux Kustomization"
        case fluxHelmRelease = "Flux HelmRelease"
    }

    public var ref: ObjectRef
    public var serviceID: String?
    public var tool: Tool
    public var syncWave: Int?
    public var repoURL: String?
    public var path: String?
    public var chart: String?
    public var targetRevision: String?
    public var destinationNamespace: String?
    /// Flux `dependsOn` names.
    public var dependsOn: [String]

    public init(ref: ObjectRef, serviceID: String? = nil, tool: Tool, syncWave: Int? = nil, repoURL: String? = nil,
                path: String? = nil, chart: String? = nil, targetRevision: String? = nil,
                destinationNamespace: String? = nil, dependsOn: [String] = []) {
        self.ref = ref
        self.serviceID = serviceID
        self.tool = tool
        self.syncWave = syncWave
        self.repoURL = repoURL
        self.path = path
        self.chart = chart
        self.targetRevision = targetRevision
        self.destinationNamespace = destinationNamespace
        self.dependsOn = dependsOn
    }
}

/// A Namespace object.
public struct NamespaceInfo: Hashable, Sendable, Codable {
    public var ref: ObjectRef
    public var labels: [KeyValue]

    public init(ref: ObjectRef, labels: [KeyValue] = []) {
        self.ref = ref
        self.labels = labels
    }
}

/// A LoadBalancer address pool (MetalLB IPAddressPool, Cilium LoadBalancerIPPool).
public struct AddressPool: Hashable, Sendable, Codable {
    public var ref: ObjectRef
    /// Ranges and CIDRs as written (`10.10.0.200-10.10.0.210`, `10.10.30.0/28`).
    public var addresses: [String]
    /// Whether Services without a pool request take addresses from it (MetalLB `autoAssign`).
    public var autoAssign: Bool
    /// Cilium `spec.disabled`: the pool hands out no new addresses.
    public var disabled: Bool
    /// Cilium `spec.serviceSelector.matchLabels`, as written: only Services with these labels
    /// take addresses from the pool. Empty selects every Service.
    public var serviceSelector: [KeyValue]

    public init(ref: ObjectRef, addresses: [String], autoAssign: Bool = true, disabled: Bool = false,
                serviceSelector: [KeyValue] = []) {
        self.ref = ref
        self.addresses = addresses
        self.autoAssign = autoAssign
        self.disabled = disabled
        self.serviceSelector = serviceSelector
    }
}

/// A cert-manager Certificate, Issuer or ClusterIssuer.
public struct CertificateInfo: Hashable, Sendable, Codable {
    public var ref: ObjectRef
    public var serviceID: String?
    public var dnsNames: [String]
    public var issuer: String?
    public var secretName: String?
    /// ACME server / solver summary for issuers.
    public var detail: String?

    public init(ref: ObjectRef, serviceID: String? = nil, dnsNames: [String] = [], issuer: String? = nil,
                secretName: String? = nil, detail: String? = nil) {
        self.ref = ref
        self.serviceID = serviceID
        self.dnsNames = dnsNames
        self.issuer = issuer
        self.secretName = secretName
        self.detail = detail
    }
}

/// A secret by name only: Secret, ExternalSecret, SealedSecret, or a SOPS-encrypted file.
/// Values never enter the model.
public struct SecretInfo: Hashable, Sendable, Codable {
    public enum Source: String, Sendable, Codable {
        case secret = "Secret"
        case externalSecret = "ExternalSecret"
        case sealedSecret = "SealedSecret"
        case sops = "SOPS"
        case clusterSecretStore = "ClusterSecretStore"
        case secretStore = "SecretStore"
    }

    public var ref: ObjectRef
    public var serviceID: String?
    public var source: Source
    /// Key names, never values.
    public var keys: [String]
    /// Store or remote reference for ExternalSecrets.
    public var store: String?
    /// The target Secret an ExternalSecret or SealedSecret produces.
    public var target: String?
    /// True when the file commits plaintext values (a Secret with data/stringData).
    public var plaintext: Bool

    public init(ref: ObjectRef, serviceID: String? = nil, source: Source, keys: [String] = [], store: String? = nil,
                target: String? = nil, plaintext: Bool = false) {
        self.ref = ref
        self.serviceID = serviceID
        self.source = source
        self.keys = keys
        self.store = store
        self.target = target
        self.plaintext = plaintext
    }
}

/// A ConfigMap: key names for pages, and values (with secret-looking keys masked) for analysis.
public struct ConfigMapInfo: Hashable, Sendable, Codable {
    public var ref: ObjectRef
    public var serviceID: String?
    public var entries: [ConfigEntry]

    public init(ref: ObjectRef, serviceID: String? = nil, entries: [ConfigEntry] = []) {
        self.ref = ref
        self.serviceID = serviceID
        self.entries = entries
    }
}

/// One ConfigMap key with its value, or nil when masked.
public struct ConfigEntry: Hashable, Sendable, Codable {
    public var key: String
    public var value: String?
    public var location: SourceLocation

    public init(key: String, value: String?, location: SourceLocation) {
        self.key = key
        self.value = value
        self.location = location
    }
}
