import AlmanacModel

/// Turns one composed YAML document into typed facts. Knows the shapes of the Kubernetes and
/// GitOps objects Almanac reads; everything else is kept as a reference.
struct ManifestDecoder {
    let path: String
    let folder: String
    let lines: [Substring]
    /// Collected while decoding.
    var diagnostics: [Diagnostic] = []
    /// Where the decoded objects come from: written manifests, or what a chart renders from values.
    var origin: FactOrigin = .manifest
    /// The cluster the objects are deployed to, when the roots say.
    var cluster: String?

    init(path: String, lines: [Substring]) {
        self.path = path
        self.lines = lines
        let parts = path.split(separator: "/")
        self.folder = parts.dropLast().joined(separator: "/")
    }

    func location(_ node: YAMLNode) -> SourceLocation {
        node.location.path.isEmpty ? SourceLocation(path: path, line: node.line, column: node.column) : node.location
    }

    mutating func decode(_ root: YAMLNode) -> [ScannedFact] {
        guard root.isMapping else { return [] }
        let apiVersion = root["apiVersion"]?.string ?? ""
        guard let kind = root["kind"]?.string else { return [] }
        let group = apiVersion.split(separator: "/").first.map(String.init) ?? ""
        if kind == "Kustomization", group == "kustomize.config.k8s.io" || apiVersion.isEmpty {
            return [.kustomization(KustomizationInfo(
                folder: folder, namespace: root["namespace"]?.string,
                resources: (root["resources"]?.strings ?? []) + (root["bases"]?.strings ?? []),
                location: location(root)))]
        }
        // Kustomize Components (and other kustomize configuration) are build inputs, not objects.
        if group == "kustomize.config.k8s.io" { return [] }
        if group == "backstage.io" {
            return decodeBackstage(root, kind: kind)
        }
        guard !apiVersion.isEmpty else { return [] }
        guard let name = root[path: "metadata", "name"]?.string ?? root[path: "metadata", "generateName"]?.string else {
            diagnostics.append(Diagnostic(
                id: "manifest.missing-name", severity: .warning, location: location(root),
                message: "\(kind) has no metadata.name"))
            return []
        }
        var ref = ObjectRef(apiVersion: apiVersion, kind: kind, name: name,
                            namespace: root[path: "metadata", "namespace"]?.string, location: location(root))
        ref.origin = origin
        ref.cluster = cluster
        switch (group, kind) {
        case (_, "Deployment"), (_, "StatefulSet"), (_, "DaemonSet"), (_, "ReplicaSet"), (_, "Job"), (_, "CronJob"), ("v1", "Pod"):
            return decodeWorkload(root, ref: ref)
        case ("postgresql.cnpg.io", "Cluster"):
            return decodeCNPGCluster(root, ref: ref)
        case ("v1", "Service"):
            return [.kubeService(decodeService(root, ref: ref))]
        case ("networking.k8s.io", "Ingress"), ("extensions", "Ingress"):
            return [.route(decodeIngress(root, ref: ref))]
        case (_, "IngressRoute"), (_, "IngressRouteTCP"), (_, "IngressRouteUDP"):
            return [.route(decodeIngressRoute(root, ref: ref))]
        case ("gateway.networking.k8s.io", let k) where k.hasSuffix("Route"):
            return [.route(decodeGatewayRoute(root, ref: ref))]
        case ("gateway.networking.k8s.io", "Gateway"):
            return [.gateway(decodeGateway(root, ref: ref))]
        case ("v1", "PersistentVolumeClaim"):
            return [.volume(decodeClaim(root, ref: ref, templateOf: nil))]
        case ("networking.k8s.io", "NetworkPolicy"):
            return [.networkPolicy(decodeNetworkPolicy(root, ref: ref))]
        case ("cilium.io", "CiliumNetworkPolicy"), ("cilium.io", "CiliumClusterwideNetworkPolicy"):
            return [.networkPolicy(decodeCiliumPolicy(root, ref: ref))]
        case ("monitoring.coreos.com", "ServiceMonitor"), ("monitoring.coreos.com", "PodMonitor"), ("monitoring.coreos.com", "Probe"):
            return [.monitor(decodeMonitor(root, ref: ref))]
        case ("monitoring.coreos.com", "PrometheusRule"):
            return decodeRules(root, ref: ref).map { .alert($0) } + [.other(ref)]
        case ("velero.io", "Schedule"), ("longhorn.io", "RecurringJob"), ("volsync.backube", "ReplicationSource"),
             ("postgresql.cnpg.io", "ScheduledBackup"), ("k8up.io", "Schedule"), ("backup.appuio.ch", "Schedule"),
             ("kopiur.home-operations.com", "SnapshotPolicy"), ("kopiur.home-operations.com", "SnapshotSchedule"):
            return [.backup(decodeBackup(root, ref: ref))]
        case ("barmancloud.cnpg.io", "ObjectStore"):
            return [.backupStore(decodeObjectStore(root, ref: ref))]
        case ("helm.toolkit.fluxcd.io", "HelmRelease"):
            return [.gitOpsApp(decodeGitOpsApp(root, ref: ref))]
        case ("argoproj.io", "Application"), ("argoproj.io", "ApplicationSet"),
             ("kustomize.toolkit.fluxcd.io", "Kustomization"):
            return [.gitOpsApp(decodeGitOpsApp(root, ref: ref))]
        case ("v1", "Namespace"):
            return [.namespace(NamespaceInfo(ref: ref, labels: root[path: "metadata", "labels"]?.keyValues ?? []))]
        case ("metallb.io", "IPAddressPool"), ("cilium.io", "CiliumLoadBalancerIPPool"):
            return [.addressPool(decodePool(root, ref: ref))]
        case ("cert-manager.io", "Certificate"), ("cert-manager.io", "Issuer"), ("cert-manager.io", "ClusterIssuer"):
            return [.certificate(decodeCertificate(root, ref: ref))]
        case ("v1", "Secret"):
            return [.secret(decodeSecret(root, ref: ref))]
        case ("external-secrets.io", "ExternalSecret"), ("bitnami.com", "SealedSecret"),
             ("external-secrets.io", "ClusterSecretStore"), ("external-secrets.io", "SecretStore"):
            return [.secret(decodeSecretReference(root, ref: ref))]
        case ("v1", "ConfigMap"):
            return [.configMap(decodeConfigMap(root, ref: ref))]
        default:
            return [.other(ref)]
        }
    }
}
