import AlmanacModel

/// Ingress routes: backends of other services, and Traefik Middlewares that call one.
extension DependencyDiscovery {
    /// What each Traefik Middleware calls (a forward-auth address), by `namespace/name`.
    func middlewareTargets() -> [String: [(id: String, host: String)]] {
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

    mutating func ingressBackends() {
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
}
