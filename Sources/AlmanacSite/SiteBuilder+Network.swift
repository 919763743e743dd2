import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entry for the network topology pages; nil hides it.
    var networkNavItems: [NavItem] { [NavItem(title: "Network", path: "network/index.html", section: "network")] }

    /// The network topology pages.
    func networkPages() throws -> [Page] {
        let page = "network/index.html"
        let topology = analysis.network
        let services = Dictionary(repository.services.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func serviceLink(_ id: String?) -> String? {
            guard let id, let service = services[id] else { return nil }
            return SiteURLs.relative(from: page, to: SiteURLs.service(service))
        }
        func source(_ location: SourceLocation) -> String? {
            urls.source(location).map { SiteURLs.relative(from: page, to: $0) }
        }
        let pools: [[String: Any]] = topology.pools.map { pool in
            networkPoolContext(pool, topology: topology, source: source, serviceLink: serviceLink)
        }
        let allocations: [[String: Any]] = topology.allocations.map { allocation in
            var context = networkAllocationContext(allocation, source: source)
            context["serviceURL"] = serviceLink(allocation.serviceID) ?? ""
            context["subnet"] = allocation.ip.flatMap { ip in
                topology.subnets(containing: IPv4Range(first: ip, last: ip)).first?.shortLabel
            } ?? ""
            return context
        }
        let hosts: [[String: Any]] = topology.hosts.map { entry in
            var context = networkHostContext(entry, source: source)
            context["backends"] = entry.backends.map { backend -> [String: Any] in
                ["name": backend.service, "namespace": backend.namespace ?? "", "port": backend.port ?? "",
                 "url": serviceLink(backend.serviceID) ?? "", "workloads": backend.workloads.map(\.display).joined(separator: ", "),
                 "missing": backend.kubeService == nil]
            }
            return context
        }
        let namespaces: [[String: Any]] = topology.namespaces.map { namespace in
            let coverage = namespace.serviceIDs.compactMap { topology.coverage[$0] }
            let uncovered = coverage.filter { !$0.isCovered }
            let exempt = coverage.filter { $0.selecting.isEmpty && $0.exemption != nil }
            return [
                "name": namespace.name, "policies": namespace.policies.count, "services": namespace.serviceIDs.count,
                "denyIngress": !namespace.denyIngress.isEmpty, "denyEgress": !namespace.denyEgress.isEmpty,
                "denyURL": (namespace.denyIngress + namespace.denyEgress).first.flatMap { source($0.ref.location) } ?? "",
                "uncovered": uncovered.map { ["name": services[$0.serviceID]?.name ?? $0.serviceID, "url": serviceLink($0.serviceID) ?? ""] },
                "exempt": exempt.map { ["name": services[$0.serviceID]?.name ?? $0.serviceID, "url": serviceLink($0.serviceID) ?? "",
                                        "reason": $0.exemption ?? ""] },
                "allCovered": uncovered.isEmpty,
            ]
        }
        let documents = repository.documents.filter(NetworkTopology.isNetworkReference).sorted { $0.path < $1.path }
        let docs: [[String: Any]] = documents.compactMap { document in
            guard let target = urls.document(document.path) else { return nil }
            return ["title": document.title, "url": SiteURLs.relative(from: page, to: target), "path": document.path]
        }
        let diagram = NetworkDiagram(topology: topology, serviceURL: serviceLink)
        let svg: SafeHTML? = topology.hosts.isEmpty && topology.allocations.isEmpty ? nil : .sanitizedSVG(try diagram.svg())
        let findings = diagnostics.filter { $0.id.hasPrefix("network.") }
        let addressCount = Set(topology.allocations.compactMap(\.address)).count
        let hostCount = Set(topology.hosts.filter { !$0.isPattern }.map { $0.host.lowercased() }).count
        let denied = topology.namespaces.filter { !$0.denyIngress.isEmpty }.count
        var context = layout(page: page, title: "Network topology", section: "network",
                             breadcrumbs: [("Network", nil)])
        context = context.merging([
            "summary": [
                ["label": "address pools", "value": topology.pools.count],
                ["label": "LoadBalancer addresses", "value": addressCount,
                 "detail": "\(topology.allocations.filter(\.isDynamic).count) dynamic"],
                ["label": "hostnames", "value": hostCount],
                ["label": "namespaces with default-deny ingress", "value": "\(denied) of \(topology.namespaces.count)"],
            ] as [[String: Any]],
            "pools": pools, "hasPools": !pools.isEmpty,
            "allocations": allocations, "hasAllocations": !allocations.isEmpty,
            "hosts": hosts, "hasHosts": !hosts.isEmpty,
            "namespaces": namespaces, "hasNamespaces": !namespaces.isEmpty,
            "docs": docs, "hasDocs": !docs.isEmpty,
            "svg": svg as Any,
            "diagnostics": findings.map { diagnosticContext($0, from: page) }, "hasFindings": !findings.isEmpty,
            "threshold": NetworkTopology.nearlyFullPercent,
        ])
        return [try render("network", page: page, context)]
    }

    func networkPoolContext(_ pool: NetworkTopology.Pool, topology: NetworkTopology,
                            source: (SourceLocation) -> String?, serviceLink: (String?) -> String?) -> [String: Any] {
        let name = pool.pool.ref.name
        let mine = topology.allocations.filter { $0.pool == name }
        var context: [String: Any] = [
            "name": name, "kind": pool.pool.ref.kind, "ranges": pool.ranges.map(\.description).joined(separator: ", "),
            "unparsed": pool.unparsed.joined(separator: ", "), "autoAssign": pool.pool.autoAssign,
            "size": String(pool.size), "used": String(pool.used), "fixed": pool.usedAddresses.count, "dynamic": pool.dynamicCount,
            "available": String(pool.available), "percent": pool.percentUsed,
            "free": pool.free.map(\.description).joined(separator: ", "),
            "level": pool.used > pool.size ? "full" : pool.percentUsed >= NetworkTopology.nearlyFullPercent ? "high" : "ok",
            "url": source(pool.pool.ref.location) ?? "", "anchor": "pool-\(SiteBuilder.anchor(name))",
            "subnets": Array(Set(pool.ranges.flatMap { topology.subnets(containing: $0).prefix(1).map(\.label) })).sorted()
                .joined(separator: ", "),
        ]
        // One cell per address for pools small enough to draw (a /24 at most).
        context["hasCells"] = pool.size <= 256 && pool.size > 0
        if pool.size <= 256 {
            context["cells"] = IPv4Range.merged(pool.ranges).flatMap { range in
                (range.first.value...range.last.value).map { value -> [String: Any] in
                    let address = IPv4Address(value)
                    let claims = mine.filter { $0.ip == address }
                    let state = claims.isEmpty ? "free" : claims.contains { $0.problems.contains { !$0.hasPrefix("shared") } } ? "conflict" : "used"
                    let who = claims.map(\.serviceName).joined(separator: ", ")
                    return ["address": address.description, "last": String(value & 0xFF), "state": state,
                            "title": who.isEmpty ? "\(address) free" : "\(address) \(who)",
                            "href": claims.first.flatMap { serviceLink($0.serviceID) } ?? ""]
                }
            }
        }
        return context
    }

    func networkAllocationContext(_ allocation: NetworkTopology.Allocation, source: (SourceLocation) -> String?) -> [String: Any] {
        [
            "address": allocation.address ?? "dynamic", "dynamic": allocation.isDynamic,
            "kubeService": allocation.kubeService.ref.name, "namespace": allocation.kubeService.ref.namespace ?? "",
            "ports": allocation.kubeService.ports.map { "\($0.port)/\($0.protocol)" }.joined(separator: ", "),
            "pool": allocation.pool ?? "", "poolAnchor": allocation.pool.map { "pool-\(SiteBuilder.anchor($0))" } ?? "",
            "source": allocation.source,
            "problems": allocation.problems.filter { !$0.hasPrefix("shared") },
            "shared": allocation.problems.first { $0.hasPrefix("shared") } ?? "",
            "url": source(allocation.location) ?? "", "place": "\(allocation.location.path):\(allocation.location.line)",
        ]
    }

    func networkHostContext(_ entry: NetworkTopology.HostEntry, source: (SourceLocation) -> String?) -> [String: Any] {
        [
            "host": entry.host, "link": entry.isPattern ? "" : "https://\(entry.host)/", "pattern": entry.isPattern,
            "paths": entry.route.paths.joined(separator: ", "),
            "entryPoints": entry.entryPoints.joined(separator: ", "),
            "routeKind": entry.route.ref.kind, "routeName": entry.route.ref.name, "routeURL": source(entry.route.ref.location) ?? "",
            "tls": entry.tls?.summary ?? "", "plain": entry.tls == nil,
            "certificateURL": entry.tls?.certificate.flatMap { source($0.ref.location) } ?? "",
            "problems": entry.problems,
        ]
    }

    /// `namespace traefik · pods traefik on 80/TCP` for the policy peer lines, which spell out the
    /// well-known name labels.
    static func networkPeer(_ text: String) -> String {
        guard text.containsBytes("kubernetes.io/") else { return text }
        var result = text
        for (pattern, template) in peerLabels {
            result = pattern.stringByReplacingMatches(in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
        }
        return result
    }

    private static let peerLabels = [
        (try! NSRegularExpression(pattern: #"namespace kubernetes\.io/metadata\.name=([^\s,·]+)(?=\s|$)"#), "namespace $1"),
        (try! NSRegularExpression(pattern: #"pods app\.kubernetes\.io/name=([^\s,·]+)(?=\s|$)"#), "pods $1"),
    ]

    /// Values this section adds to a service page (rendered by `partials/service-network`).
    func networkServiceContext(_ service: Service, page: String) -> [String: Any] {
        let topology = analysis.network
        func source(_ location: SourceLocation) -> String? {
            urls.source(location).map { SiteURLs.relative(from: page, to: $0) }
        }
        let allocations = topology.allocations(of: service.id).map { networkAllocationContext($0, source: source) }
        let hosts = topology.hosts(of: service.id).map { entry -> [String: Any] in
            var context = networkHostContext(entry, source: source)
            context["backends"] = entry.backends.map { backend in
                backend.service + (backend.port.map { ":\($0)" } ?? "")
                    + (backend.workloads.isEmpty ? "" : " → " + backend.workloads.map(\.display).joined(separator: ", "))
            }.joined(separator: "; ")
            return context
        }
        var context: [String: Any] = [:]
        if let coverage = topology.coverage[service.id] {
            let namespace = topology.namespaces.first { $0.name == coverage.namespace }
            context = [
                "selecting": coverage.selecting.map { policy -> [String: Any] in
                    ["name": policy.ref.name, "url": source(policy.ref.location) ?? "",
                     "types": policy.policyTypes.joined(separator: ", ")]
                },
                "namespaceWide": coverage.namespaceWide.map { policy -> [String: Any] in
                    ["name": policy.ref.name, "url": source(policy.ref.location) ?? ""]
                },
                "allowedFrom": coverage.allowedFrom.map(SiteBuilder.networkPeer),
                "exemption": coverage.exemption ?? "", "covered": coverage.isCovered,
                "missing": !coverage.isCovered,
                "denyIngress": !(namespace?.denyIngress.isEmpty ?? true), "denyEgress": !(namespace?.denyEgress.isEmpty ?? true),
                "namespace": coverage.namespace ?? "",
            ]
        }
        guard !allocations.isEmpty || !hosts.isEmpty || !context.isEmpty else { return [:] }
        context["allocations"] = allocations
        context["hasAllocations"] = !allocations.isEmpty
        context["hosts"] = hosts
        context["hasHosts"] = !hosts.isEmpty
        context["hasPolicy"] = topology.coverage[service.id] != nil
        context["networkURL"] = SiteURLs.relative(from: page, to: "network/index.html")
        return ["network": context]
    }
}
