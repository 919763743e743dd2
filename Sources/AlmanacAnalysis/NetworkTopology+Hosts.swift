import AlmanacModel

extension NetworkTopology {
    /// One hostname of one route: entry point → route → Service → workload, with its certificate.
    public struct HostEntry: Sendable {
        public var host: String
        public var route: Route
        /// The service folder the route is written in.
        public var routeServiceID: String?
        /// `websecure`, `class traefik`, `gateway infra/main › https (443/HTTPS)`.
        public var entryPoints: [String]
        /// The Gateway listeners that accept the route for this host, when the repository defines the Gateway.
        public var listeners: [GatewayListenerRef] = []
        public var backends: [BackendTarget]
        public var tls: TLSSummary?
        /// `also routed by …` when another service claims the same host and path.
        public var problems: [String]

        /// A `HostRegexp` or wildcard pattern rather than one host name.
        public var isPattern: Bool { host.contains { "^$\\[](){}|+?*".contains($0) } }

        /// HTTP routes, TCP routes (`HostSNI`) and UDP routes are separate routers in Traefik.
        var family: String {
            switch route.ref.kind {
            case "IngressRouteTCP", "TCPRoute", "TLSRoute": "tcp"
            case "IngressRouteUDP", "UDPRoute": "udp"
            default: "http"
            }
        }
    }

    /// Where a route's backend leads.
    public struct BackendTarget: Sendable {
        public var service: String
        public var namespace: String?
        public var port: String?
        /// The Kubernetes Service, when the repository defines it.
        public var kubeService: KubeService?
        public var serviceID: String?
        /// Workloads whose pods the Service selects.
        public var workloads: [ObjectRef]
    }

    /// How a host gets its certificate.
    public struct TLSSummary: Sendable {
        public var secretName: String?
        public var certResolver: String?
        public var issuer: String?
        /// The cert-manager Certificate covering the host (by secret name, else by DNS name).
        public var certificate: CertificateInfo?
        /// The host is a pattern, so no single certificate is looked up.
        public var patternHost = false

        /// `certificate wildcard-lab-example-com (letsencrypt-prod)`, `resolver letsencrypt`, `TLS, no certificate in the repo`.
        public var summary: String {
            var parts: [String] = []
            if let certificate {
                parts.append("certificate \(certificate.ref.name)" + (certificate.issuer.map { " (\($0))" } ?? ""))
                if let issuer, certificate.issuer != issuer { parts.append("issuer \(issuer)") }
            } else if let issuer {
                // cert-manager's ingress-shim issues it from the annotation.
                parts.append("cert-manager issuer \(issuer)" + (secretName.map { " → secret \($0)" } ?? ""))
            } else if let secretName {
                parts.append("secret \(secretName)")
            }
            if let certResolver { parts.append("resolver \(certResolver)") }
            if parts.isEmpty { return patternHost ? "TLS" : "TLS, no certificate in the repository covers it" }
            return parts.joined(separator: ", ")
        }
    }

    mutating func buildHosts(_ repository: Repository) -> [Diagnostic] {
        var services: [String: KubeService] = [:]
        for service in repository.kubeServices.sorted(by: { $0.ref < $1.ref }) {
            let key = "\(service.ref.namespace ?? "")/\(service.ref.name)"
            if services[key] == nil { services[key] = service }
        }
        let workloads = repository.workloads.sorted { $0.ref < $1.ref }
        let certificates = repository.certificates.filter { $0.ref.kind == "Certificate" }.sorted { $0.ref < $1.ref }
        var gateways: [String: Gateway] = [:]
        for gateway in repository.gateways.sorted(by: { $0.ref < $1.ref }) {
            let key = "\(gateway.ref.namespace ?? "")/\(gateway.ref.name)"
            if gateways[key] == nil { gateways[key] = gateway }
        }
        var namespaceLabels: [String: [KeyValue]] = [:]
        for namespace in repository.namespaces { namespaceLabels[namespace.ref.name, default: []] += namespace.labels }
        var entries: [HostEntry] = []
        var findings: [Diagnostic] = []
        for route in repository.routes.sorted(by: { $0.ref < $1.ref }) {
            var seen = Set<String>()
            let backends = route.backends.filter { seen.insert("\($0.namespace ?? "")/\($0.service):\($0.port ?? "")").inserted }.map { backend in
                let namespace = backend.namespace ?? route.ref.namespace
                let kubeService = services["\(namespace ?? "")/\(backend.service)"]
                let selected = kubeService.map { service in
                    workloads.filter { $0.ref.namespace == namespace && !service.selector.isEmpty
                        && LabelSelector(matchLabels: service.selector).matches($0.selectableLabels) }.map(\.ref)
                } ?? []
                return BackendTarget(service: backend.service, namespace: namespace, port: backend.port,
                                     kubeService: kubeService, serviceID: kubeService?.serviceID, workloads: selected)
            }
            if let attachment = Self.attachments(of: route, gateways: gateways, namespaceLabels: namespaceLabels) {
                entries += Self.gatewayEntries(route, attachments: attachment.accepted, gateways: gateways, backends: backends,
                                               certificates: certificates)
                if attachment.accepted.isEmpty {
                    findings.append(Diagnostic(
                        id: "network.route-not-accepted", severity: .warning, location: route.ref.location,
                        message: "\(route.ref.display) attaches to no listener: \(attachment.rejections.joined(separator: "; "))",
                        note: "point its parentRefs at a listener that takes this kind, namespace and hostname, or widen the listener's allowedRoutes"))
                }
                continue
            }
            let entryPoints = route.entryPoints + (route.ingressClass.map { ["class \($0)"] } ?? [])
            for host in route.hosts {
                var tls: TLSSummary?
                let entry = HostEntry(host: host, route: route, routeServiceID: route.serviceID, entryPoints: entryPoints,
                                      backends: backends, tls: nil, problems: [])
                if let info = route.tls {
                    let certificate = Self.certificate(for: host, secretName: info.secretName, namespace: route.ref.namespace,
                                                       in: certificates)
                    tls = TLSSummary(secretName: info.secretName, certResolver: info.certResolver, issuer: info.issuer,
                                     certificate: certificate, patternHost: entry.isPattern)
                }
                entries.append(HostEntry(host: host, route: route, routeServiceID: route.serviceID, entryPoints: entryPoints,
                                         backends: backends, tls: tls, problems: []))
            }
        }
        findings += Self.duplicateHosts(&entries)
        hosts = entries.sorted { ($0.host.lowercased(), $0.route.ref) < ($1.host.lowercased(), $1.route.ref) }
        return findings
    }

    /// One entry per hostname a Gateway API route answers, through every listener that accepts it;
    /// the certificate comes from the listener's `tls.certificateRefs` (in the Gateway's namespace).
    static func gatewayEntries(_ route: Route, attachments: [(listener: GatewayListenerRef, hosts: [String])],
                               gateways: [String: Gateway], backends: [BackendTarget],
                               certificates: [CertificateInfo]) -> [HostEntry] {
        var hosts: [String] = []
        var listenersByHost: [String: [GatewayListenerRef]] = [:]
        for (listener, names) in attachments {
            for host in names {
                if listenersByHost[host] == nil { hosts.append(host) }
                listenersByHost[host, default: []].append(listener)
            }
        }
        return hosts.map { host in
            let listeners = listenersByHost[host] ?? []
            var entry = HostEntry(host: host, route: route, routeServiceID: route.serviceID, entryPoints: listeners.map(\.display),
                                  backends: backends, tls: nil, problems: [])
            entry.listeners = listeners
            let terminating = listeners.lazy.compactMap { ref -> (GatewayListenerRef, GatewayListener)? in
                let gateway = gateways["\(ref.gateway.namespace ?? "")/\(ref.gateway.name)"]
                return gateway?.listeners.first { $0.name == ref.listener && $0.tlsMode == "Terminate" }.map { (ref, $0) }
            }.first
            if let (ref, listener) = terminating {
                let secret = listener.certificateRefs.first
                entry.tls = TLSSummary(secretName: secret,
                                       certificate: certificate(for: host, secretName: secret, namespace: ref.gateway.namespace,
                                                                in: certificates),
                                       patternHost: entry.isPattern)
            }
            return entry
        }
    }

    /// The certificate for a host: the one writing the route's secret (in its namespace first),
    /// else one whose DNS names cover the host (exact names before wildcards).
    static func certificate(for host: String, secretName: String?, namespace: String?,
                            in certificates: [CertificateInfo]) -> CertificateInfo? {
        if let secretName {
            let named = certificates.filter { $0.secretName == secretName }
            if let match = named.first(where: { $0.ref.namespace == namespace }) ?? named.first { return match }
        }
        return certificates.first { $0.dnsNames.contains { $0.lowercased() == host.lowercased() } }
            ?? certificates.first { $0.dnsNames.contains { covers($0, host: host) } }
    }

    /// Whether a certificate DNS name covers a host: equal, or a wildcard for exactly one label
    /// (`*.lab.example.com` covers `git.lab.example.com`, not `lab.example.com` or `a.b.lab.example.com`).
    public static func covers(_ dnsName: String, host: String) -> Bool {
        let name = dnsName.lowercased()
        let host = host.lowercased()
        if name == host { return true }
        guard name.hasPrefix("*."), !host.hasPrefix("*") else { return false }
        let suffix = name.dropFirst(1)
        guard host.hasSuffix(suffix) else { return false }
        let label = host.dropLast(suffix.count)
        return !label.isEmpty && !label.contains(".")
    }

    /// The same host on the same path and entry point, sent to different Services.
    static func duplicateHosts(_ entries: inout [HostEntry]) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var groups: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            groups["\(entry.family) \(entry.host.lowercased())", default: []].append(index)
        }
        for key in groups.keys.sorted() {
            let indices = groups[key]!.sorted { entries[$0].route.ref < entries[$1].route.ref }
            guard indices.count > 1 else { continue }
            var reported = Set<Int>()
            for (position, a) in indices.enumerated() where !reported.contains(a) {
                let clashes = indices[(position + 1)...].filter { b in conflict(entries[a], entries[b]) }
                guard !clashes.isEmpty else { continue }
                let first = entries[a]
                let others = clashes.map { index in
                    let other = entries[index]
                    return "\(other.route.ref.display) (\(other.route.ref.location.path):\(other.route.ref.location.line)) to \(target(other))"
                }
                for index in [a] + clashes {
                    let names = ([a] + clashes).filter { $0 != index }.map { entries[$0].route.ref.display }
                    entries[index].problems.append("also routed by \(names.joined(separator: ", "))")
                    reported.insert(index)
                }
                let paths = first.route.paths.isEmpty ? "" : " on \(first.route.paths.joined(separator: ", "))"
                findings.append(Diagnostic(
                    id: "network.host-duplicate", severity: .warning, location: first.route.ref.location,
                    message: "host '\(first.host)'\(paths) is routed by \(first.route.ref.display) to \(target(first)) and also by \(others.joined(separator: ", "))",
                    note: "keep one route per host and path, or give the routes different paths; otherwise the router picks one at random"))
            }
        }
        return findings
    }

    static func target(_ entry: HostEntry) -> String {
        let names = entry.backends.map { "Service '\($0.namespace.map { "\($0)/" } ?? "")\($0.service)'" }
        return names.isEmpty ? "no Service" : names.joined(separator: ", ")
    }

    /// Two claims of one host conflict when they lead to different Services on a shared path and entry point.
    static func conflict(_ a: HostEntry, _ b: HostEntry) -> Bool {
        let targetsA = Set(a.backends.map { "\($0.namespace ?? "")/\($0.service)" })
        let targetsB = Set(b.backends.map { "\($0.namespace ?? "")/\($0.service)" })
        guard targetsA != targetsB else { return false }
        let pathsA = Set(a.route.paths.isEmpty ? ["/"] : a.route.paths)
        let pathsB = Set(b.route.paths.isEmpty ? ["/"] : b.route.paths)
        guard !pathsA.isDisjoint(with: pathsB) else { return false }
        let entryA = Set(a.route.entryPoints)
        let entryB = Set(b.route.entryPoints)
        return entryA.isEmpty || entryB.isEmpty || !entryA.isDisjoint(with: entryB)
    }
}
