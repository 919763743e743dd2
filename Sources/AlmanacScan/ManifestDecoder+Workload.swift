import AlmanacModel

extension ManifestDecoder {
    mutating func decodeWorkload(_ root: YAMLNode, ref: ObjectRef) -> [ScannedFact] {
        guard let kind = Workload.Kind(rawValue: ref.kind) else { return [.other(ref)] }
        let spec = root["spec"]
        let template: YAMLNode?
        switch kind {
        case .cronJob: template = spec?[path: "jobTemplate", "spec", "template"]
        case .pod: template = root
        default: template = spec?["template"]
        }
        let podSpec = template?["spec"]
        var workload = Workload(
            ref: ref, kind: kind,
            replicas: spec?["replicas"]?.int,
            schedule: spec?["schedule"]?.string,
            labels: root[path: "metadata", "labels"]?.keyValues ?? [],
            annotations: root[path: "metadata", "annotations"]?.keyValues ?? [],
            podLabels: template?[path: "metadata", "labels"]?.keyValues ?? [],
            podAnnotations: template?[path: "metadata", "annotations"]?.keyValues ?? [],
            hostNetwork: podSpec?["hostNetwork"]?.bool ?? false,
            nodeSelector: podSpec?["nodeSelector"]?.keyValues ?? [],
            serviceAccount: podSpec?["serviceAccountName"]?.string)
        if let podSpec {
            workload.containers = podSpec["containers"]?.items.map { decodeContainer($0, role: .main) } ?? []
            workload.initContainers = podSpec["initContainers"]?.items.map { item in
                // Native sidecars are init containers that keep running.
                decodeContainer(item, role: item["restartPolicy"]?.string == "Always" ? .sidecar : .`init`)
            } ?? []
            if workload.containers.count > 1 {
                for index in workload.containers.indices.dropFirst() where !isPrimary(workload.containers[index], ref: ref) {
                    workload.containers[index].role = .sidecar
                }
            }
            workload.volumes = podSpec["volumes"]?.items.compactMap(decodePodVolume) ?? []
        }
        if kind == .statefulSet {
            workload.claimTemplates = spec?["volumeClaimTemplates"]?.items.compactMap { item in
                guard let name = item[path: "metadata", "name"]?.string else { return nil }
                let claimRef = ObjectRef(apiVersion: "v1", kind: "PersistentVolumeClaim", name: "\(name)-\(ref.name)",
                                         namespace: ref.namespace, location: location(item))
                return decodeClaim(item, ref: claimRef, templateOf: ref.name)
            } ?? []
        }
        return [.workload(workload)]
    }

    /// The first container is the main one unless a later one is named after the workload.
    private func isPrimary(_ container: Container, ref: ObjectRef) -> Bool {
        container.name == ref.name
    }

    mutating func decodeContainer(_ node: YAMLNode, role: Container.Role) -> Container {
        let name = node["name"]?.string ?? "(unnamed)"
        var container = Container(name: name, image: node["image"]?.string ?? "", role: role, location: location(node))
        container.ports = node["ports"]?.items.compactMap { port in
            guard let number = port["containerPort"]?.int else { return nil }
            return ContainerPort(name: port["name"]?.string, containerPort: number, hostPort: port["hostPort"]?.int,
                                 protocol: port["protocol"]?.string ?? "TCP")
        } ?? []
        container.env = node["env"]?.items.compactMap { decodeEnv($0) } ?? []
        container.envFrom = node["envFrom"]?.items.compactMap { source in
            if let name = source[path: "configMapRef", "name"]?.string { return "ConfigMap \(name)" }
            if let name = source[path: "secretRef", "name"]?.string { return "Secret \(name)" }
            return nil
        } ?? []
        if let resources = node["resources"] {
            container.resources = Resources(requests: resources["requests"]?.keyValues ?? [],
                                            limits: resources["limits"]?.keyValues ?? [])
        }
        for (key, kind) in [("livenessProbe", Probe.Kind.liveness), ("readinessProbe", .readiness), ("startupProbe", .startup)] {
            if let probe = node[key] { container.probes.append(Probe(kind: kind, summary: Self.describeProbe(probe))) }
        }
        let commandItems = (node["command"]?.items ?? []) + (node["args"]?.items ?? [])
        container.commandLine = commandItems.compactMap(\.string)
        return container
    }

    mutating func decodeEnv(_ node: YAMLNode) -> EnvVar? {
        guard let name = node["name"]?.string else { return nil }
        let value: EnvVar.Value
        if let valueNode = node["value"] {
            let text = valueNode.string ?? ""
            // The scan masked secret values already; a mask in a literal is a secret committed in plain text.
            if text.contains(Redaction.mask) {
                value = text == Redaction.mask ? .masked : .literal(text)
                diagnostics.append(Diagnostic(
                    id: "secrets.literal-env", severity: .warning, location: location(valueNode),
                    message: "environment variable '\(name)' has a literal value that looks secret",
                    note: "move it to a Secret (ExternalSecret, SealedSecret or SOPS) and use valueFrom.secretKeyRef"))
            } else {
                value = .literal(text)
            }
        } else if let from = node["valueFrom"] {
            if let secret = from["secretKeyRef"] {
                value = .secretKey(name: secret["name"]?.string ?? "", key: secret["key"]?.string ?? "")
            } else if let map = from["configMapKeyRef"] {
                value = .configMapKey(name: map["name"]?.string ?? "", key: map["key"]?.string ?? "")
            } else if let field = from[path: "fieldRef", "fieldPath"]?.string {
                value = .field(field)
            } else if let resource = from[path: "resourceFieldRef", "resource"]?.string {
                value = .resourceField(resource)
            } else {
                value = .none
            }
        } else {
            value = .none
        }
        return EnvVar(name: name, value: value, location: location(node))
    }

    func decodePodVolume(_ node: YAMLNode) -> PodVolume? {
        guard let name = node["name"]?.string else { return nil }
        let source: PodVolume.Source
        if let claim = node[path: "persistentVolumeClaim", "claimName"]?.string {
            source = .persistentVolumeClaim(claim)
        } else if let map = node[path: "configMap", "name"]?.string {
            source = .configMap(map)
        } else if let secret = node[path: "secret", "secretName"]?.string {
            source = .secret(secret)
        } else if node["emptyDir"] != nil {
            source = .emptyDir
        } else if let host = node[path: "hostPath", "path"]?.string {
            source = .hostPath(host)
        } else if let nfs = node["nfs"] {
            source = .nfs(server: nfs["server"]?.string ?? "", path: nfs["path"]?.string ?? "")
        } else {
            let other = node.pairs.map(\.key).first { $0 != "name" } ?? "volume"
            source = .other(other)
        }
        return PodVolume(name: name, source: source)
    }

    static func describeProbe(_ probe: YAMLNode) -> String {
        if let http = probe["httpGet"] {
            let port = http["port"]?.string ?? "?"
            return "HTTP GET \(http["path"]?.string ?? "/") on port \(port)"
        }
        if let tcp = probe["tcpSocket"] { return "TCP port \(tcp["port"]?.string ?? "?")" }
        if let grpc = probe["grpc"] { return "gRPC port \(grpc["port"]?.string ?? "?")" }
        if let exec = probe[path: "exec", "command"] {
            let command = exec.strings.joined(separator: " ")
            return "exec \(command.count > 80 ? String(command.prefix(77)) + "…" : command)"
        }
        return "probe"
    }

    mutating func decodeClaim(_ node: YAMLNode, ref: ObjectRef, templateOf: String?) -> PersistentVolume {
        let spec = node["spec"]
        return PersistentVolume(
            ref: ref, storageClass: spec?["storageClassName"]?.string,
            size: spec?[path: "resources", "requests", "storage"]?.string,
            accessModes: spec?["accessModes"]?.strings ?? [],
            labels: node[path: "metadata", "labels"]?.keyValues ?? [],
            annotations: node[path: "metadata", "annotations"]?.keyValues ?? [],
            templateOf: templateOf, volumeName: spec?["volumeName"]?.string)
    }

    /// A CloudNativePG Cluster runs its own pods: document it as a workload with its storage and backups.
    mutating func decodeCNPGCluster(_ root: YAMLNode, ref: ObjectRef) -> [ScannedFact] {
        let spec = root["spec"]
        var container = Container(name: "postgres", image: spec?["imageName"]?.string ?? "ghcr.io/cloudnative-pg/postgresql",
                                  role: .main, location: location(spec ?? root))
        container.ports = [ContainerPort(name: "postgresql", containerPort: 5432)]
        if let resources = spec?["resources"] {
            container.resources = Resources(requests: resources["requests"]?.keyValues ?? [],
                                            limits: resources["limits"]?.keyValues ?? [])
        }
        var workload = Workload(ref: ref, kind: .cnpgCluster, replicas: spec?["instances"]?.int,
                                labels: root[path: "metadata", "labels"]?.keyValues ?? [],
                                annotations: root[path: "metadata", "annotations"]?.keyValues ?? [],
                                podLabels: spec?[path: "inheritedMetadata", "labels"]?.keyValues ?? [],
                                containers: [container])
        for (key, suffix) in [("storage", ""), ("walStorage", "-wal")] {
            guard let storage = spec?[key] else { continue }
            let claimRef = ObjectRef(apiVersion: "v1", kind: "PersistentVolumeClaim", name: "\(ref.name)\(suffix)",
                                     namespace: ref.namespace, location: location(storage))
            workload.claimTemplates.append(PersistentVolume(
                ref: claimRef, storageClass: storage["storageClass"]?.string, size: storage["size"]?.string,
                accessModes: ["ReadWriteOnce"], templateOf: ref.name))
        }
        var facts: [ScannedFact] = [.workload(workload)]
        if let backup = decodeCNPGBackup(spec, ref: ref) { facts.append(.backup(backup)) }
        return facts
    }
}
