import AlmanacModel

extension NetworkTopology {
    /// Where a Gateway API route enters: a listener of a Gateway the repository defines.
    public struct GatewayListenerRef: Sendable, Hashable {
        public var gateway: ObjectRef
        public var listener: String
        public var port: Int?
        public var `protocol`: String

        /// `gateway infra/main › https (443/HTTPS)`.
        public var display: String {
            let port = port.map { "\($0)/\(`protocol`)" } ?? `protocol`
            return "gateway \(gateway.namespace.map { "\($0)/" } ?? "")\(gateway.name) › \(listener) (\(port))"
        }
    }

    /// How a route attaches to the Gateways the repository defines.
    struct Attachment {
        /// Listeners that accept the route, with the hostnames it answers on each.
        var accepted: [(listener: GatewayListenerRef, hosts: [String])] = []
        /// Why each listener it names turned it down (`web/main › https: only routes from namespace web`).
        var rejections: [String] = []
    }

    /// Listeners of Gateways in the repository that accept a route, with the hostnames the route
    /// answers on each, and why the others do not. Nil when the route names no Gateway the
    /// repository defines (its hostnames are then taken as written).
    ///
    /// Follows the Gateway API: a parentRef's namespace defaults to the route's; `sectionName`
    /// and `port` narrow it to listeners; the listener's protocol must carry the route kind and
    /// its `allowedRoutes` must admit the route's namespace (`Same` by default); hostnames are the
    /// intersection of the route's and the listener's, or whichever of the two is set.
    static func attachments(of route: Route, gateways: [String: Gateway],
                            namespaceLabels: [String: [KeyValue]]) -> Attachment? {
        let parents = route.parentRefs.filter { $0.kind == "Gateway" }
        let known = parents.compactMap { parent in
            gateways["\(parent.namespace ?? route.ref.namespace ?? "")/\(parent.name)"].map { (parent, $0) }
        }
        guard !known.isEmpty else { return nil }
        var result = Attachment()
        for (parent, gateway) in known {
            let gatewayName = "\(gateway.ref.namespace.map { "\($0)/" } ?? "")\(gateway.ref.name)"
            let named = gateway.listeners.filter { listener in
                (parent.sectionName.map { $0 == listener.name } ?? true) && (parent.port.map { $0 == listener.port } ?? true)
            }
            if named.isEmpty {
                let wanted = [parent.sectionName.map { "named \($0)" }, parent.port.map { "on port \($0)" }].compactMap { $0 }
                result.rejections.append("\(gatewayName): no listener \(wanted.joined(separator: " "))")
            }
            for listener in named {
                let place = "\(gatewayName) › \(listener.name)"
                guard carries(listener, kind: route.ref.kind) else {
                    result.rejections.append("\(place): a \(listener.protocol) listener does not take \(route.ref.kind)s")
                    continue
                }
                guard admits(listener, routeNamespace: route.ref.namespace, gatewayNamespace: gateway.ref.namespace,
                             namespaceLabels: namespaceLabels) else {
                    let rule = listener.allowedNamespaces == .same
                        ? "only routes from namespace \(gateway.ref.namespace ?? "default") (allowedRoutes Same)"
                        : "namespace \(route.ref.namespace ?? "default") does not match its allowedRoutes selector"
                    result.rejections.append("\(place): \(rule)")
                    continue
                }
                var hosts: [String] = []
                if !["TCPRoute", "UDPRoute"].contains(route.ref.kind) {
                    guard let effective = effectiveHostnames(route: route.hosts, listener: listener.hostname) else {
                        result.rejections.append("\(place): its hostname \(listener.hostname ?? "") matches none of the route's")
                        continue
                    }
                    hosts = effective
                }
                let ref = GatewayListenerRef(gateway: gateway.ref, listener: listener.name, port: listener.port,
                                             protocol: listener.protocol)
                if !result.accepted.contains(where: { $0.listener == ref }) { result.accepted.append((ref, hosts)) }
            }
        }
        return result
    }

    /// Whether a listener's protocol (and `allowedRoutes.kinds`) takes this route kind.
    static func carries(_ listener: GatewayListener, kind: String) -> Bool {
        if !listener.allowedKinds.isEmpty { return listener.allowedKinds.contains(kind) }
        switch listener.protocol.uppercased() {
        case "HTTP", "HTTPS": return kind == "HTTPRoute" || kind == "GRPCRoute"
        case "TLS": return kind == "TLSRoute" || (listener.tlsMode ?? "Terminate") == "Terminate" && kind == "TCPRoute"
        case "TCP": return kind == "TCPRoute"
        case "UDP": return kind == "UDPRoute"
        default: return true
        }
    }

    /// `allowedRoutes.namespaces.from`: Same (default), All, or Selector over the namespace's labels.
    static func admits(_ listener: GatewayListener, routeNamespace: String?, gatewayNamespace: String?,
                       namespaceLabels: [String: [KeyValue]]) -> Bool {
        switch listener.allowedNamespaces {
        case .same: return routeNamespace == gatewayNamespace
        case .all: return true
        case .selector:
            guard let routeNamespace else { return false }
            let labels = (namespaceLabels[routeNamespace] ?? []) + [KeyValue("kubernetes.io/metadata.name", routeNamespace)]
            return LabelSelector(matchLabels: listener.namespaceSelector).matches(labels)
        }
    }

    /// The hostnames a route answers on a listener, or nil when none of its hostnames match (the
    /// route is then not accepted there). A route without hostnames takes the listener's; a
    /// listener without one takes the route's; `*` means any host.
    static func effectiveHostnames(route: [String], listener: String?) -> [String]? {
        guard let listener else { return route.isEmpty ? ["*"] : route }
        guard !route.isEmpty else { return [listener] }
        var result: [String] = []
        for host in route {
            if hostnameMatches(host, listener) {
                result.append(host.hasPrefix("*.") && !listener.hasPrefix("*.") ? listener : host)
            } else if hostnameMatches(listener, host) {
                // A route wildcard wider than the listener's name yields the listener's name.
                result.append(listener)
            }
        }
        let unique = result.reduce(into: [String]()) { list, host in if !list.contains(host) { list.append(host) } }
        return unique.isEmpty ? nil : unique
    }

    /// Whether `host` falls under `pattern`: equal, or `*.suffix` covering one or more labels
    /// before the suffix (`*.example.com` covers `a.example.com` and `a.b.example.com`, not
    /// `example.com`). A wildcard host falls under a wildcard pattern with the same or a shorter suffix.
    static func hostnameMatches(_ host: String, _ pattern: String) -> Bool {
        let host = host.lowercased()
        let pattern = pattern.lowercased()
        if host == pattern { return true }
        guard pattern.hasPrefix("*.") else { return false }
        let suffix = pattern.dropFirst(1)   // ".example.com"
        let name = host.hasPrefix("*.") ? String(host.dropFirst(2)) : host
        guard name.hasSuffix(suffix) else { return false }
        return name.count > suffix.count
    }
}
