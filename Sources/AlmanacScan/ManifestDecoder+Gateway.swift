import AlmanacModel

/// Gateway API objects: Gateways with their listeners and addresses, and the routes that attach to them.
extension ManifestDecoder {
    func decodeGateway(_ root: YAMLNode, ref: ObjectRef) -> Gateway {
        let spec = root["spec"]
        var gateway = Gateway(ref: ref, gatewayClassName: spec?["gatewayClassName"]?.string)
        for address in spec?["addresses"]?.items ?? [] {
            guard let value = address["value"]?.string else { continue }
            let type = address["type"]?.string ?? "IPAddress"
            if type == "IPAddress" || type.hasSuffix("/IPAddress") {
                gateway.loadBalancerIPs.append(AddressClaim(address: value, source: "spec.addresses", location: location(address)))
            } else {
                gateway.otherAddresses.append("\(type) \(value)")
            }
        }
        // Cilium still reads its LB-IPAM annotations from the infrastructure section (deprecated there).
        let annotations = spec?[path: "infrastructure", "annotations"]
        gateway.loadBalancerIPs += addressClaims(annotations)
        gateway.sharingKey = Self.sharingKey(annotations)
        gateway.listeners = spec?["listeners"]?.items.compactMap { listener in
            guard let name = listener["name"]?.string else { return nil }
            let namespaces = listener[path: "allowedRoutes", "namespaces"]
            return GatewayListener(
                name: name, hostname: listener["hostname"]?.string, port: listener["port"]?.int,
                protocol: listener["protocol"]?.string ?? "HTTP",
                tlsMode: listener["tls"].map { $0["mode"]?.string ?? "Terminate" },
                certificateRefs: listener[path: "tls", "certificateRefs"]?.items.compactMap { $0["name"]?.string } ?? [],
                allowedNamespaces: namespaces?["from"]?.string.flatMap(GatewayListener.AllowedNamespaces.init(rawValue:)) ?? .same,
                namespaceSelector: namespaces?[path: "selector", "matchLabels"]?.keyValues ?? [],
                allowedKinds: listener[path: "allowedRoutes", "kinds"]?.items.compactMap { $0["kind"]?.string } ?? [])
        } ?? []
        return gateway
    }

    /// HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute. Hostnames are kept as written; the
    /// ones a route really answers depend on the listeners it attaches to (see the network analysis).
    func decodeGatewayRoute(_ root: YAMLNode, ref: ObjectRef) -> Route {
        let spec = root["spec"]
        var route = Route(ref: ref, hosts: spec?["hostnames"]?.strings ?? [])
        route.parentRefs = spec?["parentRefs"]?.items.compactMap { parent in
            guard let name = parent["name"]?.string else { return nil }
            return ParentRef(kind: parent["kind"]?.string ?? "Gateway", name: name, namespace: parent["namespace"]?.string,
                             sectionName: parent["sectionName"]?.string, port: parent["port"]?.int)
        } ?? []
        route.entryPoints = route.parentRefs.map { parent in parent.sectionName.map { "\(parent.name)/\($0)" } ?? parent.name }
        for rule in spec?["rules"]?.items ?? [] {
            for match in rule["matches"]?.items ?? [] {
                if let value = match[path: "path", "value"]?.string { route.paths.append(value) }
            }
            for backend in rule["backendRefs"]?.items ?? [] {
                guard let name = backend["name"]?.string else { continue }
                route.backends.append(Backend(service: name, namespace: backend["namespace"]?.string,
                                              port: backend["port"]?.string))
            }
        }
        route.paths = Self.unique(route.paths)
        return route
    }
}
