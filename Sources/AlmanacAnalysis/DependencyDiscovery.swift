import AlmanacModel

/// Finds the edges of the dependency graph, evidence kind by evidence kind, and the references
/// that name nothing (`graph.unresolved-reference`).
struct DependencyDiscovery {
    typealias Edge = DependencyGraph.Edge
    static let unresolvedID = "graph.unresolved-reference"

    let repository: Repository
    let resolver: ReferenceResolver
    let lines: SourceLines
    var edges: [Edge] = []
    var findings: [Diagnostic] = []
    var namespaceOf: [String: String] = [:]
    var fileOwner: [String: String] = [:]

    init(_ repository: Repository) {
        self.repository = repository
        resolver = ReferenceResolver(repository)
        lines = SourceLines(repository)
        for service in repository.services { if let namespace = service.namespace { namespaceOf[service.id] = namespace } }
        for file in repository.files { if let owner = file.serviceID { fileOwner[file.path] = owner } }
    }

    /// Every edge and finding, in a stable order.
    static func discover(_ repository: Repository) -> (edges: [Edge], findings: [Diagnostic]) {
        var discovery = DependencyDiscovery(repository)
        discovery.workloadReferences()
        discovery.configMapReferences()
        discovery.otherObjectReferences()
        discovery.ingressBackends()
        discovery.declaredAnnotations()
        discovery.backstageDependencies()
        discovery.fluxDependencies()
        let edges = Array(Set(discovery.edges)).sorted { ($0.from, $0.to, $0.location, $0.evidence.rawValue, $0.detail)
            < ($1.from, $1.to, $1.location, $1.evidence.rawValue, $1.detail) }
        return (edges, Array(Set(discovery.findings)).sorted())
    }

    // MARK: References in env, arguments and ConfigMaps

    private mutating func workloadReferences() {
        for workload in repository.workloads {
            guard let from = workload.serviceID else { continue }
            let namespace = workload.ref.namespace ?? namespaceOf[from]
            for container in workload.allContainers {
                let waits = container.role == .`init`
                let evidence: DependencyGraph.Evidence = waits ? .initWait : .reference
                let role = waits ? "initContainer" : "container"
                for env in container.env {
                    guard case .literal(let value) = env.value else { continue }
                    scan(value, key: env.name, from: from, namespace: namespace, start: env.location, evidence: evidence,
                         initContainer: waits) { host in "\(role) \(container.name) env \(env.name) names \(host)" }
                }
                for argument in container.commandLine {
                    scan(argument, key: nil, from: from, namespace: namespace, start: container.location,
                         evidence: evidence, initContainer: waits) { host in
                        waits ? "initContainer \(container.name) waits for \(host)"
                              : "container \(container.name) arguments name \(host)"
                    }
                }
            }
        }
    }

    private mutating func configMapReferences() {
        for configMap in repository.configMaps {
            guard let from = configMap.serviceID else { continue }
            let namespace = configMap.ref.namespace ?? namespaceOf[from]
            for entry in configMap.entries {
                guard let value = entry.value else { continue }
                // A block scalar starts on the line after its key.
                var start = entry.location
                if value.contains("\n") { start.line += 1 }
                scan(value, key: entry.key, from: from, namespace: namespace, start: start, evidence: .reference,
                     initContainer: false, lineOffsets: value.contains("\n")) { host in
                    "ConfigMap \(configMap.ref.name) key \(entry.key) names \(host)"
                }
            }
        }
    }

    /// Kinds whose text names no dependency (schemas, RBAC, policies on other objects).
    static let kindsWithoutReferences: Set<String> = [
        "CustomResourceDefinition", "ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding", "ServiceAccount",
        "Kustomization", "Component", "PodDisruptionBudget", "PrometheusRule", "StorageClass", "ValidatingWebhookConfiguration",
        "MutatingWebhookConfiguration", "APIService", "PriorityClass", "LimitRange", "ResourceQuota",
        // A Middleware's address is a dependency of the routes that use it (see `middlewareTargets`).
        "Middleware",
    ]

    /// Objects the model keeps by reference only (Velero BackupStorageLocations, secret stores …)
    /// and Flux HelmReleases (their `values` configure the app): their own text, document by document.
    private mutating func otherObjectReferences() {
        let helmReleases = repository.gitOpsApps.filter { $0.tool == .fluxHelmRelease }.map(\.ref)
        for object in repository.otherObjects + helmReleases where !Self.kindsWithoutReferences.contains(object.kind) {
            guard let from = fileOwner[object.location.path],
                  let document = lines.document(at: object.location) else { continue }
            let namespace = object.namespace ?? namespaceOf[from]
            scan(document.text, key: nil, from: from, namespace: namespace,
                 start: SourceLocation(path: object.location.path, line: document.firstLine), evidence: .reference,
                 initContainer: false, lineOffsets: true) { host in "\(object.kind) \(object.name) names \(host)" }
        }
    }

    /// Scans one value. `lineOffsets`: the value spans lines, each starting one line further.
    mutating func scan(_ value: String, key: String?, from: String, namespace: String?, start: SourceLocation,
                               evidence: DependencyGraph.Evidence, initContainer: Bool, lineOffsets: Bool = false,
                               detail: (String) -> String) {
        guard value.contains(where: { $0.isLetter }) else { return }
        let trimmed = String(value.drop { $0 == " " || $0 == "\"" || $0 == "'" }.reversed()
            .drop { $0 == " " || $0 == "\"" || $0 == "'" || $0 == "\n" }.reversed())
        for reference in HostReference.scan(value) {
            // A single word is a host only in a host's place; look at the place only when a
            // Service of that name exists, since most words in configuration are not hosts.
            let singleLabel = !reference.host.contains(".")
            if singleLabel, !resolver.hasService(reference.host, in: namespace) { continue }
            let hostContext = !singleLabel || reference.form != .bare
                || (trimmed == reference.host && key.map(Self.isHostKey) == true)
                || Self.isHostAssignment(reference.prefix)
                || (initContainer && Self.isWaitCommand(reference.prefix))
            let resolution = resolver.resolve(reference.host, in: namespace, hostContext: hostContext)
            var base = start
            if lineOffsets { base.line += reference.line }
            switch resolution {
            case .service(let id?, _, _) where id != from:
                edges.append(Edge(from: from, to: id, evidence: evidence, detail: detail(reference.host),
                                  location: lines.locate(reference.host, from: base)))
            case .unresolved(let name, let targetNamespace):
                findings.append(Diagnostic(
                    id: Self.unresolvedID, severity: .warning, location: lines.locate(reference.host, from: base),
                    message: "'\(reference.host)' names no Service: there is no Service '\(name)' in namespace '\(targetNamespace)'",
                    note: "fix the host name, or add the Service it should reach; a name of the form <service>.<namespace>.svc.cluster.local resolves in the cluster only if that Service exists"))
            default:
                break
            }
        }
    }

    /// Keys whose value is a host: `DB_HOST`, `REDIS_ADDR`, `broker_url`.
    static func isHostKey(_ key: String) -> Bool {
        let upper = key.uppercased()
        return ["HOST", "SERVER", "ADDR", "ENDPOINT", "URL", "URI", "BROKER", "UPSTREAM", "BACKEND"].contains { upper.contains($0) }
    }

    /// A line that assigns a host: `host: redis`, `DB_HOST=postgresql`, `"server" = "mariadb"`.
    static func isHostAssignment(_ prefix: Substring) -> Bool {
        var text = prefix
        while let last = text.last, last == " " || last == "\"" || last == "'" { text = text.dropLast() }
        guard let operatorCharacter = text.last, operatorCharacter == ":" || operatorCharacter == "=" else { return false }
        text = text.dropLast()
        while let last = text.last, last == " " || last == "\"" || last == "'" { text = text.dropLast() }
        let key = text.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
        return !key.isEmpty && isHostKey(String(key.reversed()))
    }

    /// Shell that waits for a host: `until nc -z postgresql 5432`, `pg_isready -h db`, `nslookup x`.
    static func isWaitCommand(_ prefix: Substring) -> Bool {
        let statement = prefix.split(whereSeparator: { $0 == ";" || $0 == "&" || $0 == "|" }).last.map(String.init) ?? ""
        let words = statement.split(separator: " ")
        guard let last = words.last else { return false }
        if ["-h", "--host", "-z", "-zv", "-vz", "nslookup", "hosts", "dig", "ping", "host"].contains(String(last)) { return true }
        if last.hasPrefix("--host=") || last.hasPrefix("-h=") { return true }
        let commands: Set<Substring> = ["nc", "nslookup", "wget", "curl", "pg_isready", "redis-cli", "mysqladmin", "getent", "dig", "ping"]
        return words.contains { commands.contains($0) }
    }
}
