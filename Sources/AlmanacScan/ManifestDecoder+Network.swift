import Foundation
import AlmanacModel

extension ManifestDecoder {
    /// Annotations through which load balancers take fixed addresses.
    static let addressAnnotations = [
        "metallb.universe.tf/loadBalancerIPs", "metallb.io/loadBalancerIPs", "io.cilium/lb-ipam-ips",
        "lbipam.cilium.io/ips", "kube-vip.io/loadbalancerIPs",
    ]
    static let poolAnnotations = ["metallb.universe.tf/address-pool", "metallb.io/address-pool", "io.cilium/lb-ipam-pool"]
    static let sharingAnnotations = ["metallb.universe.tf/allow-shared-ip", "metallb.io/allow-shared-ip",
                                     "lbipam.cilium.io/sharing-key", "io.cilium/lb-ipam-sharing-key"]

    func decodeService(_ root: YAMLNode, ref: ObjectRef) -> KubeService {
        let spec = root["spec"]
        var service = KubeService(ref: ref, type: spec?["type"]?.string ?? "ClusterIP",
                                  selector: spec?["selector"]?.keyValues ?? [],
                                  headless: spec?["clusterIP"]?.string == "None")
        service.ports = spec?["ports"]?.items.compactMap { port in
            guard let number = port["port"]?.int else { return nil }
            return ServicePort(name: port["name"]?.string, port: number, targetPort: port["targetPort"]?.string,
                               nodePort: port["nodePort"]?.int, protocol: port["protocol"]?.string ?? "TCP",
                               location: location(port))
        } ?? []
        // Only a LoadBalancer Service gets the address it asks for; on any other type the field
        // and the IPAM annotations are ignored. A Service rendered from Helm values whose type the
        // values leave to the chart keeps what it asks for: its type is not in git.
        let isLoadBalancer = service.type == "LoadBalancer" || (origin == .values && spec?["type"] == nil)
        if isLoadBalancer, let ip = spec?["loadBalancerIP"] {
            for address in Self.addressList(ip.string ?? "") {
                service.loadBalancerIPs.append(AddressClaim(address: address, source: "spec.loadBalancerIP", location: location(ip)))
            }
        }
        let annotations = root[path: "metadata", "annotations"]
        if isLoadBalancer { service.loadBalancerIPs += addressClaims(annotations) }
        service.addressPool = Self.poolAnnotations.lazy.compactMap { annotations?[$0]?.string }.first
        service.sharingKey = Self.sharingKey(annotations)
        service.externalTrafficPolicy = spec?["externalTrafficPolicy"]?.string ?? "Cluster"
        service.labels = root[path: "metadata", "labels"]?.keyValues ?? []
        return service
    }

    /// Addresses requested through the MetalLB, Cilium and kube-vip annotations, in the order of `addressAnnotations`.
    func addressClaims(_ annotations: YAMLNode?) -> [AddressClaim] {
        Self.addressAnnotations.flatMap { key -> [AddressClaim] in
            guard let node = annotations?[key] else { return [] }
            return Self.addressList(node.string ?? "").map { AddressClaim(address: $0, source: key, location: location(node)) }
        }
    }

    static func sharingKey(_ annotations: YAMLNode?) -> String? {
        sharingAnnotations.lazy.compactMap { annotations?[$0]?.string }.first
    }

    static func addressList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init).filter { !$0.isEmpty }
    }

    func decodeIngress(_ root: YAMLNode, ref: ObjectRef) -> Route {
        let spec = root["spec"]
        let annotations = root[path: "metadata", "annotations"]
        var route = Route(ref: ref, ingressClass: spec?["ingressClassName"]?.string
                              ?? annotations?["kubernetes.io/ingress.class"]?.string,
                          homepage: Self.homepageAnnotations(annotations))
        for rule in spec?["rules"]?.items ?? [] {
            if let host = rule["host"]?.string { route.hosts.append(host) }
            for path in rule[path: "http", "paths"]?.items ?? [] {
                if let text = path["path"]?.string { route.paths.append(text) }
                if let service = path[path: "backend", "service"] {
                    let port = service[path: "port", "number"]?.string ?? service[path: "port", "name"]?.string
                    route.backends.append(Backend(service: service["name"]?.string ?? "", port: port))
                } else if let name = path[path: "backend", "serviceName"]?.string {
                    route.backends.append(Backend(service: name, port: path[path: "backend", "servicePort"]?.string))
                }
            }
        }
        if let backend = spec?[path: "defaultBackend", "service", "name"]?.string {
            route.backends.append(Backend(service: backend))
        }
        if let tls = spec?["tls"]?.items.first {
            route.tls = TLSInfo(secretName: tls["secretName"]?.string,
                                issuer: annotations?["cert-manager.io/cluster-issuer"]?.string
                                    ?? annotations?["cert-manager.io/issuer"]?.string)
        }
        if let middlewares = annotations?["traefik.ingress.kubernetes.io/router.middlewares"]?.string {
            route.middlewares = middlewares.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let entryPoints = annotations?["traefik.ingress.kubernetes.io/router.entrypoints"]?.string {
            route.entryPoints = entryPoints.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        route.hosts = Self.unique(route.hosts)
        return route
    }

    /// Traefik IngressRoute: hosts come from the `match` rule (`Host(`a`) || Host(`b`)`).
    func decodeIngressRoute(_ root: YAMLNode, ref: ObjectRef) -> Route {
        let spec = root["spec"]
        var route = Route(ref: ref, entryPoints: spec?["entryPoints"]?.strings ?? [],
                          homepage: Self.homepageAnnotations(root[path: "metadata", "annotations"]))
        for rule in spec?["routes"]?.items ?? [] {
            let match = rule["match"]?.string ?? ""
            route.hosts += Self.matcherArguments(match, names: ["Host", "HostSNI", "HostRegexp"])
            route.paths += Self.matcherArguments(match, names: ["PathPrefix", "Path"])
            for service in rule["services"]?.items ?? [] {
                guard let name = service["name"]?.string else { continue }
                if service["kind"]?.string == "TraefikService" { continue }
                route.backends.append(Backend(service: name, namespace: service["namespace"]?.string,
                                              port: service["port"]?.string))
            }
            for middleware in rule["middlewares"]?.items ?? [] {
                guard let name = middleware["name"]?.string else { continue }
                route.middlewares.append(middleware["namespace"]?.string.map { "\($0)/\(name)" } ?? name)
            }
        }
        if let tls = spec?["tls"] {
            route.tls = TLSInfo(secretName: tls["secretName"]?.string, certResolver: tls["certResolver"]?.string)
        }
        route.hosts = Self.unique(route.hosts.filter { $0 != "*" })
        route.paths = Self.unique(route.paths)
        route.middlewares = Self.unique(route.middlewares)
        return route
    }

    static func homepageAnnotations(_ annotations: YAMLNode?) -> [KeyValue] {
        (annotations?.keyValues ?? []).filter { $0.key.hasPrefix("gethomepage.dev/") }
    }

    /// Arguments of Traefik rule matchers: ``Host(`a.example.com`, `b`)`` → ["a.example.com", "b"].
    static func matcherArguments(_ rule: String, names: [String]) -> [String] {
        var results: [String] = []
        for name in names {
            var searchStart = rule.startIndex
            while let range = rule.range(of: "\(name)(", range: searchStart..<rule.endIndex) {
                // Do not let `Host(` match inside `HostSNI(`: require a word boundary before it.
                let boundaryOK = range.lowerBound == rule.startIndex
                    || !(rule[rule.index(before: range.lowerBound)].isLetter)
                guard let close = rule.range(of: ")", range: range.upperBound..<rule.endIndex) else { break }
                if boundaryOK {
                    let inside = rule[range.upperBound..<close.lowerBound]
                    for part in inside.split(separator: ",") {
                        let value = part.trimmingCharacters(in: CharacterSet(charactersIn: " `\"'"))
                        if !value.isEmpty { results.append(value) }
                    }
                }
                searchStart = close.upperBound
            }
        }
        return results
    }

    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    func decodeNetworkPolicy(_ root: YAMLNode, ref: ObjectRef) -> NetworkPolicy {
        let spec = root["spec"]
        let selector = Self.labelSelector(spec?["podSelector"])
        let selectsAll = selector.isEmpty
        var types = spec?["policyTypes"]?.strings ?? []
        if types.isEmpty { types = spec?["egress"] != nil ? ["Ingress", "Egress"] : ["Ingress"] }
        let ingress = spec?["ingress"]?.items ?? []
        let egress = spec?["egress"]?.items ?? []
        var policy = NetworkPolicy(ref: ref, podSelector: selector, policyTypes: types)
        policy.ingressFrom = ingress.flatMap { rule in Self.describePeers(rule["from"], ports: rule["ports"]) }
        policy.egressTo = egress.flatMap { rule in Self.describePeers(rule["to"], ports: rule["ports"]) }
        let deniesIngress = types.contains("Ingress") && ingress.isEmpty
        let deniesEgress = types.contains("Egress") && egress.isEmpty
        policy.isDefaultDeny = selectsAll && (deniesIngress || deniesEgress)
        return policy
    }

    func decodeCiliumPolicy(_ root: YAMLNode, ref: ObjectRef) -> NetworkPolicy {
        let spec = root["spec"]
        let selector = Self.labelSelector(spec?["endpointSelector"])
        let ingress = spec?["ingress"]?.items ?? []
        let egress = spec?["egress"]?.items ?? []
        var policy = NetworkPolicy(ref: ref, podSelector: selector,
                                   policyTypes: (ingress.isEmpty && spec?["ingressDeny"] == nil ? [] : ["Ingress"])
                                       + (egress.isEmpty ? [] : ["Egress"]))
        policy.ingressFrom = ingress.flatMap { rule -> [String] in
            (rule["fromEndpoints"]?.items ?? []).map { "endpoints \(Self.labels($0))" }
                + (rule["fromEntities"]?.strings ?? []).map { "entity \($0)" }
                + (rule["fromCIDR"]?.strings ?? []).map { $0 }
        }
        policy.egressTo = egress.flatMap { rule -> [String] in
            (rule["toEndpoints"]?.items ?? []).map { "endpoints \(Self.labels($0))" }
                + (rule["toEntities"]?.strings ?? []).map { "entity \($0)" }
                + (rule["toFQDNs"]?.items ?? []).compactMap { $0["matchName"]?.string ?? $0["matchPattern"]?.string }
        }
        policy.isDefaultDeny = selector.isEmpty && ingress.isEmpty && egress.isEmpty
        return policy
    }

    /// A `matchLabels` + `matchExpressions` mapping; a missing node is the empty selector.
    static func labelSelector(_ node: YAMLNode?) -> LabelSelector {
        guard let node else { return LabelSelector() }
        let expressions = (node["matchExpressions"]?.items ?? []).compactMap { item -> LabelSelector.Requirement? in
            guard let key = item["key"]?.string else { return nil }
            return LabelSelector.Requirement(key: key, operator: item["operator"]?.string.flatMap(LabelSelector.Requirement.Operator.init),
                                             values: item["values"]?.strings ?? [])
        }
        return LabelSelector(matchLabels: node["matchLabels"]?.keyValues ?? [], matchExpressions: expressions)
    }

    /// A peer selector in words: `app=grafana,tier in (web)`, or `(all)` when it is empty.
    static func labels(_ node: YAMLNode?) -> String {
        let text = labelSelector(node).description(separator: ",")
        return text.isEmpty ? "(all)" : text
    }

    static func describePeers(_ peers: YAMLNode?, ports: YAMLNode?) -> [String] {
        let portText = (ports?.items ?? []).compactMap { port -> String? in
            guard let number = port["port"]?.string else { return nil }
            return "\(number)/\(port["protocol"]?.string ?? "TCP")"
        }.joined(separator: ", ")
        let suffix = portText.isEmpty ? "" : " on \(portText)"
        guard let peers, !peers.items.isEmpty else { return ["anyone\(suffix)"] }
        return peers.items.map { peer in
            var parts: [String] = []
            if let namespaces = peer["namespaceSelector"] {
                parts.append("namespace \(labels(namespaces))")
            }
            if let pods = peer["podSelector"] { parts.append("pods \(labels(pods))") }
            if let block = peer[path: "ipBlock", "cidr"]?.string { parts.append(block) }
            return (parts.isEmpty ? "anyone" : parts.joined(separator: " · ")) + suffix
        }
    }
}
