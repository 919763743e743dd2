import AlmanacModel

/// One thing a manifest document contributed, before it is attached to a service.
enum ScannedFact: Sendable {
    case workload(Workload)
    case kubeService(KubeService)
    case route(Route)
    case volume(PersistentVolume)
    case networkPolicy(NetworkPolicy)
    case monitor(Monitor)
    case alert(AlertRule)
    case backup(BackupPolicy)
    case gitOpsApp(GitOpsApp)
    case namespace(NamespaceInfo)
    case addressPool(AddressPool)
    case gateway(Gateway)
    case backupStore(BackupStore)
    case certificate(CertificateInfo)
    case secret(SecretInfo)
    case configMap(ConfigMapInfo)
    case kustomization(KustomizationInfo)
    case catalogInfo(CatalogInfo)
    case other(ObjectRef)

    /// Whether this fact marks its folder as a service folder.
    var definesService: Bool {
        switch self {
        case .workload: true
        case .kustomization(let info): info.hasRemoteResources
        case .gitOpsApp(let app): app.tool == .fluxHelmRelease
        default: false
        }
    }

    /// The same fact with the owning service and default namespace filled in.
    func attached(to serviceID: String?, defaultNamespace: String?) -> ScannedFact {
        func fill(_ ref: inout ObjectRef) {
            if ref.namespace == nil, !Self.clusterScoped.contains(ref.kind) { ref.namespace = defaultNamespace }
        }
        switch self {
        case .workload(var x):
            fill(&x.ref); x.serviceID = serviceID
            for index in x.claimTemplates.indices {
                fill(&x.claimTemplates[index].ref); x.claimTemplates[index].serviceID = serviceID
            }
            return .workload(x)
        case .kubeService(var x): fill(&x.ref); x.serviceID = serviceID; return .kubeService(x)
        case .route(var x): fill(&x.ref); x.serviceID = serviceID; return .route(x)
        case .volume(var x): fill(&x.ref); x.serviceID = serviceID; return .volume(x)
        case .networkPolicy(var x): fill(&x.ref); x.serviceID = serviceID; return .networkPolicy(x)
        case .monitor(var x): fill(&x.ref); x.serviceID = serviceID; return .monitor(x)
        case .alert(var x): fill(&x.rule); x.serviceID = serviceID; return .alert(x)
        case .backup(var x): fill(&x.ref); x.serviceID = serviceID; return .backup(x)
        case .gitOpsApp(var x): fill(&x.ref); x.serviceID = serviceID; return .gitOpsApp(x)
        case .namespace: return self
        case .addressPool(var x): fill(&x.ref); return .addressPool(x)
        case .gateway(var x): fill(&x.ref); x.serviceID = serviceID; return .gateway(x)
        case .backupStore(var x): fill(&x.ref); x.serviceID = serviceID; return .backupStore(x)
        case .certificate(var x): fill(&x.ref); x.serviceID = serviceID; return .certificate(x)
        case .secret(var x): fill(&x.ref); x.serviceID = serviceID; return .secret(x)
        case .configMap(var x): fill(&x.ref); x.serviceID = serviceID; return .configMap(x)
        case .kustomization, .catalogInfo: return self
        case .other(var ref): fill(&ref); return .other(ref)
        }
    }

    static let clusterScoped: Set<String> = [
        "Namespace", "ClusterIssuer", "ClusterRole", "ClusterRoleBinding", "ClusterSecretStore",
        "CustomResourceDefinition", "StorageClass", "PersistentVolume", "PriorityClass", "IngressClass",
        "CiliumClusterwideNetworkPolicy", "CiliumLoadBalancerIPPool", "ValidatingWebhookConfiguration",
        "MutatingWebhookConfiguration", "ClusterPolicy", "RuntimeClass", "GatewayClass",
    ]
}

/// A kustomization.yaml: the namespace it sets and the resources it lists.
struct KustomizationInfo: Sendable {
    var folder: String
    var namespace: String?
    var resources: [String]
    var location: SourceLocation

    var hasRemoteResources: Bool {
        resources.contains { $0.hasPrefix("https://") || $0.hasPrefix("http://") || $0.hasPrefix("github.com/") }
    }
}

/// Backstage `catalog-info.yaml` facts about the service in its folder.
struct CatalogInfo: Sendable {
    var folder: String
    var name: String
    var description: String?
    var owner: String?
    var lifecycle: String?
    var dependsOn: [String]
}

extension Repository {
    /// Files a fact under its kind; kustomization and catalog-info facts only inform the scan.
    mutating func add(_ fact: ScannedFact) {
        switch fact {
        case .workload(let x): workloads.append(x)
        case .kubeService(let x): kubeServices.append(x)
        case .route(let x): routes.append(x)
        case .volume(let x): volumes.append(x)
        case .networkPolicy(let x): networkPolicies.append(x)
        case .monitor(let x): monitors.append(x)
        case .alert(let x): alerts.append(x)
        case .backup(let x): backups.append(x)
        case .gitOpsApp(let x): gitOpsApps.append(x)
        case .namespace(let x): namespaces.append(x)
        case .addressPool(let x): addressPools.append(x)
        case .gateway(let x): gateways.append(x)
        case .backupStore(let x): backupStores.append(x)
        case .certificate(let x): certificates.append(x)
        case .secret(let x): secrets.append(x)
        case .configMap(let x): configMaps.append(x)
        case .other(let x): otherObjects.append(x)
        case .kustomization, .catalogInfo: break
        }
    }
}
