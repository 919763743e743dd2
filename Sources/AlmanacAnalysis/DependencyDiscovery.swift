import AlmanacModel

/// Finds the edges of the dependency graph, evidence kind by evidence kind, and the references
/// that name nothing (`graph.unresolved-reference`).
struct DependencyDiscovery {
    typealias Edge = DependencyGraph.Edge
    static let unresolvedID = "graph.unresolved-reference"

    let repository: Repository
    let resolver: ReferenceResolver
    let lines: SourceLines
    private(set) var edges: [Edge] = []
    private(set) var findings: [Diagnostic] = []
    private var namespaceOf: [String: String] = [:]
    private var fileOwner: [String: String] = [:]

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
    private mutating func scan(_ value: String, key: String?, from: String, namespace: String?, start: SourceLocation,
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

    // MARK: Ingress routes

    /// What each Traefik Middleware calls (a forward-auth address), by `namespace/name`.
    private func middlewareTargets() -> [String: [(id: String, host: String)]] {
        var targets: [String: [(id: String, host: String)]] = [:]
        for object in repository.otherObjects where object.kind == "Middleware" {
            guard let document = lines.document(at: object.location) else { continue }
            let namespace = object.namespace ?? fileOwner[object.location.path].flatMap { namespaceOf[$0] }
            for reference in HostReference.scan(document.text) {
                if case .service(let id?, _, _) = resolver.resolve(reference.host, in: namespace, hostContext: reference.form != .bare) {
                    targets["\(namespace ?? "")/\(object.name)", default: []].append((id, reference.host))
                }
            }
        }
        return targets
    }

    /// The `namespace/name` key of a Middleware a route names: `authentik` (the route's namespace),
    /// `traefik/authentik`, or the annotation form `traefik-authentik@kubernetescrd`.
    static func middlewareKey(_ reference: String, routeNamespace: String?, known: Set<String>) -> String? {
        if let at = reference.firstIndex(of: "@") {
            let combined = String(reference[..<at])
            return known.sorted().first { key in String(key.map { $0 == "/" ? "-" : $0 }) == combined }
        }
        if reference.contains("/") { return reference }
        return "\(routeNamespace ?? "")/\(reference)"
    }

    private mutating func ingressBackends() {
        let middlewares = middlewareTargets()
        let known = Set(middlewares.keys)
        for route in repository.routes {
            guard let from = route.serviceID else { continue }
            for reference in route.middlewares {
                guard let key = Self.middlewareKey(reference, routeNamespace: route.ref.namespace ?? namespaceOf[from], known: known)
                else { continue }
                for target in middlewares[key] ?? [] where target.id != from {
                    let name = key.split(separator: "/").last.map(String.init) ?? key
                    edges.append(Edge(from: from, to: target.id, evidence: .ingressBackend,
                                      detail: "\(route.ref.display) uses Middleware \(name), which calls \(target.host)",
                                      location: lines.locate(name, from: route.ref.location)))
                }
            }
            for backend in route.backends where !backend.service.contains("@") {
                let namespace = backend.namespace ?? route.ref.namespace ?? namespaceOf[from]
                guard let namespace,
                      case .service(let id?, _, _) = resolver.resolve("\(backend.service).\(namespace).svc", in: namespace, hostContext: true),
                      id != from else { continue }
                edges.append(Edge(from: from, to: id, evidence: .ingressBackend,
                                  detail: "\(route.ref.display) routes to Service \(backend.service).\(namespace)",
                                  location: lines.locate("name: \(backend.service)", from: route.ref.location, orElse: backend.service)))
            }
        }
    }

    // MARK: Declarations

    static let annotation = "almanac.dev/depends-on"

    private mutating func declaredAnnotations() {
        for workload in repository.workloads {
            guard let from = workload.serviceID,
                  let value = workload.annotations[key: Self.annotation] ?? workload.podAnnotations[key: Self.annotation]
            else { continue }
            let namespace = workload.ref.namespace ?? namespaceOf[from]
            let line = lines.locate(Self.annotation, from: workload.ref.location)
            for entry in value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init) {
                declare(entry, written: entry, from: from, namespace: namespace, at: lines.locate(entry, from: line, window: 3),
                        detail: "\(Self.annotation): \(entry) on \(workload.ref.display)",
                        note: "write <service>.<namespace> of a Service in the repo, or the name of a service folder")
            }
        }
    }

    private mutating func backstageDependencies() {
        for service in repository.services where !service.declaredDependencies.isEmpty {
            let file = service.files.first { $0.hasSuffix("catalog-info.yaml") || $0.hasSuffix("catalog-info.yml") }
            let start = SourceLocation(path: file ?? service.id, line: 1)
            for entry in service.declaredDependencies {
                // `resource:default/postgresql`, `component:gotenberg`, `gotenberg`.
                var name = Substring(entry)
                if let colon = name.firstIndex(of: ":") { name = name[name.index(after: colon)...] }
                if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
                declare(String(name), written: entry, from: service.id, namespace: service.namespace,
                        at: lines.locate(entry, from: start), detail: "catalog-info dependsOn \(entry)",
                        note: "name a component or resource whose name is a service folder of the repo")
            }
        }
    }

    private mutating func declare(_ name: String, written: String, from: String, namespace: String?, at location: SourceLocation,
                                  detail: String, note: String) {
        switch resolver.resolveDeclared(name, in: namespace) {
        case .service(let id?, _, _):
            if id != from { edges.append(Edge(from: from, to: id, evidence: .declared, detail: detail, location: location)) }
        case .builtin, .service(nil, _, _):
            break
        case .unresolved, .notClusterName:
            findings.append(Diagnostic(id: Self.unresolvedID, severity: .warning, location: location,
                                       message: "declared dependency '\(written)' names no service of the repo", note: note))
        }
    }

    // MARK: Flux

    /// Flux `dependsOn` between Kustomizations (or HelmReleases) that each deploy one service.
    private mutating func fluxDependencies() {
        let flux = repository.gitOpsApps.filter { $0.tool == .fluxKustomization || $0.tool == .fluxHelmRelease }
        func deployed(_ app: GitOpsApp) -> String? {
            if app.tool == .fluxKustomization, let raw = app.path {
                let path = raw.hasPrefix("./") ? String(raw.dropFirst(2)) : raw
                let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
                let under = repository.services.filter { $0.id == trimmed || $0.id.hasPrefix(trimmed + "/") || trimmed.hasPrefix($0.id + "/") }
                if under.count == 1 { return under[0].id }
                if under.count > 1 { return nil }
            }
            return app.serviceID
        }
        for app in flux where !app.dependsOn.isEmpty {
            guard let from = deployed(app) else { continue }
            let start = lines.locate("dependsOn", from: app.ref.location)
            for name in app.dependsOn {
                let location = lines.locate(name, from: start, window: 12)
                guard let target = flux.first(where: { $0.tool == app.tool && $0.ref.name == name }) else {
                    findings.append(Diagnostic(
                        id: Self.unresolvedID, severity: .warning, location: location,
                        message: "\(app.tool.rawValue) '\(app.ref.name)' depends on '\(name)', which is not in the repo",
                        note: "Flux waits for a dependency that never becomes ready; fix the name or remove it"))
                    continue
                }
                guard let to = deployed(target), to != from else { continue }
                edges.append(Edge(from: from, to: to, evidence: .fluxDependsOn,
                                  detail: "\(app.tool.rawValue) \(app.ref.name) dependsOn \(name)", location: location))
            }
        }
    }
}
