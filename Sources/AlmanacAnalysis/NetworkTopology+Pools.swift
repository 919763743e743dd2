import AlmanacModel

extension NetworkTopology {
    /// A LoadBalancer address pool with the addresses its Services take.
    public struct Pool: Sendable {
        public var pool: AddressPool
        /// The pool's addresses as ranges, in the order written.
        public var ranges: [IPv4Range]
        /// Entries that are not IPv4 (IPv6 ranges are kept as written and not counted).
        public var unparsed: [String]
        public var size: UInt64
        /// Distinct fixed addresses in the pool that some Service requests.
        public var usedAddresses: [IPv4Address]
        /// LoadBalancer Services without a fixed address that take one from this pool.
        public var dynamicCount: Int
        /// Addresses no Service takes, as ranges; dynamic Services take some of these at run time.
        public var free: [IPv4Range]

        /// Addresses in use: the fixed ones plus one per dynamic Service.
        public var used: UInt64 { UInt64(usedAddresses.count + dynamicCount) }
        /// Addresses left once every dynamic Service got one; 0 when over-subscribed.
        public var available: UInt64 { size > used ? size - used : 0 }
        /// Share in use, rounded to a whole percent.
        public var percentUsed: Int { size == 0 ? 0 : Int((Double(used) * 100 / Double(size)).rounded()) }
    }

    /// One LoadBalancer Service's request for an address: a fixed address, or (`address` nil) a dynamic one.
    public struct Allocation: Sendable {
        public var kubeService: KubeService
        /// The address as written, nil for a dynamic allocation.
        public var address: String?
        public var ip: IPv4Address?
        /// `spec.loadBalancerIP` or the annotation it came from; `dynamic` for a dynamic allocation.
        public var source: String
        public var location: SourceLocation
        /// The pool it is counted against, if any.
        public var pool: String?
        /// What is wrong with it, for the pages (`outside every pool`, `also claimed by …`).
        public var problems: [String]

        public var serviceID: String? { kubeService.serviceID }
        public var isDynamic: Bool { address == nil }
        /// `communication/gotify`.
        public var serviceName: String { "\(kubeService.ref.namespace.map { "\($0)/" } ?? "")\(kubeService.ref.name)" }
    }

    /// Pools, allocations and their checks: invalid addresses, overlapping pools, unknown pools,
    /// addresses outside every pool, duplicate addresses, nearly full pools.
    mutating func buildPools(_ repository: Repository, nearlyFullPercent: Int) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let hasPools = !repository.addressPools.isEmpty
        // Pools: parse every entry; IPv6 is kept but not counted.
        var parsed: [(pool: AddressPool, ranges: [IPv4Range], unparsed: [String])] = []
        for pool in repository.addressPools.sorted(by: { ($0.ref.name, $0.ref) < ($1.ref.name, $1.ref) }) {
            var ranges: [IPv4Range] = []
            var unparsed: [String] = []
            for entry in pool.addresses {
                if let range = IPv4Range(entry) {
                    ranges.append(range)
                } else {
                    unparsed.append(entry)
                    if !entry.contains(":") {
                        findings.append(Diagnostic(
                            id: "network.invalid-address", severity: .error, location: pool.ref.location,
                            message: "\(pool.ref.kind) '\(pool.ref.name)' lists '\(entry)', which is not an IPv4 address, range or CIDR",
                            note: "write a range (10.0.0.10-10.0.0.20), a CIDR (10.0.0.0/28) or a single address"))
                    }
                }
            }
            parsed.append((pool, ranges, unparsed))
        }
        findings += Self.overlaps(parsed.map { ($0.pool, $0.ranges) })

        // Requests: every LoadBalancer Service, with each distinct address it asks for, and every
        // Gateway that asks for fixed addresses (its controller creates the LoadBalancer Service).
        let loadBalancers = (repository.kubeServices.filter { $0.type == "LoadBalancer" }
            + repository.gateways.filter { !$0.loadBalancerIPs.isEmpty }.map(Self.loadBalancer)).sorted { $0.ref < $1.ref }
        let poolNames = Set(parsed.map(\.pool.ref.name))
        let autoAssign = parsed.filter { $0.pool.autoAssign && !$0.pool.disabled }.map(\.pool)
        var allocations: [Allocation] = []
        for service in loadBalancers {
            if let requested = service.addressPool, hasPools, !poolNames.contains(requested) {
                findings.append(Diagnostic(
                    id: "network.unknown-pool", severity: .error, location: service.ref.location,
                    message: "Service '\(service.ref.name)' requests address pool '\(requested)', which no pool defines",
                    note: "use one of the pools: \(poolNames.sorted().joined(separator: ", "))"))
            }
            var seen = Set<String>()
            let claims = service.loadBalancerIPs.filter { seen.insert($0.address).inserted }
            guard !claims.isEmpty else {
                let candidates = autoAssign.filter { $0.ref.sharesCluster(with: service.ref) && Self.selects($0, service) }.map(\.ref.name)
                let pool = service.addressPool.flatMap { poolNames.contains($0) ? $0 : nil }
                    ?? (candidates.count == 1 ? candidates[0] : nil)
                allocations.append(Allocation(kubeService: service, address: nil, ip: nil, source: "dynamic",
                                              location: service.ref.location, pool: pool, problems: []))
                if hasPools, service.addressPool == nil, !autoAssign.isEmpty, candidates.isEmpty {
                    findings.append(Diagnostic(
                        id: "network.unknown-pool", severity: .error, location: service.ref.location,
                        message: "Service '\(service.ref.name)' asks for a dynamic LoadBalancer address, but the serviceSelector of every pool leaves it out",
                        note: "label the Service to match a pool's serviceSelector, or pin an address with lbipam.cilium.io/ips"))
                }
                if hasPools, service.addressPool == nil, autoAssign.isEmpty {
                    findings.append(Diagnostic(
                        id: "network.unknown-pool", severity: .error, location: service.ref.location,
                        message: "Service '\(service.ref.name)' asks for a dynamic LoadBalancer address, but no pool auto-assigns and it names none",
                        note: "request a pool with metallb.universe.tf/address-pool, or pin an address with metallb.universe.tf/loadBalancerIPs"))
                }
                continue
            }
            for claim in claims {
                var allocation = Allocation(kubeService: service, address: claim.address, ip: IPv4Address(claim.address),
                                            source: claim.source, location: claim.location, pool: nil, problems: [])
                guard let ip = allocation.ip else {
                    if !claim.address.contains(":") {
                        allocation.problems.append("not an IPv4 address")
                        findings.append(Diagnostic(
                            id: "network.invalid-address", severity: .error, location: claim.location,
                            message: "Service '\(service.ref.name)' requests '\(claim.address)', which is not an IPv4 address",
                            note: "write a single address such as 10.10.0.209"))
                    }
                    allocations.append(allocation)
                    continue
                }
                let holding = parsed.filter { $0.pool.ref.sharesCluster(with: service.ref) && $0.ranges.contains { $0.contains(ip) } }.map(\.pool)
                let containing = holding.map(\.ref.name)
                if let requested = service.addressPool, containing.contains(requested) {
                    allocation.pool = requested
                } else {
                    allocation.pool = holding.first { Self.selects($0, service) }?.ref.name ?? containing.first
                }
                if hasPools, containing.isEmpty {
                    allocation.problems.append("outside every pool")
                    findings.append(Diagnostic(
                        id: "network.lb-ip-outside-pool", severity: .error, location: claim.location,
                        message: "LoadBalancer address \(claim.address) of Service '\(service.ref.name)' is outside every address pool",
                        note: "MetalLB leaves the Service <pending>: pick a free address of a pool, or add one that covers it (\(Self.poolSummary(parsed)))"))
                } else if let requested = service.addressPool, poolNames.contains(requested), !containing.contains(requested) {
                    allocation.problems.append("outside its pool \(requested)")
                    findings.append(Diagnostic(
                        id: "network.lb-ip-outside-pool", severity: .error, location: claim.location,
                        message: "LoadBalancer address \(claim.address) of Service '\(service.ref.name)' is not in its requested pool '\(requested)' (it is in \(containing.map { "'\($0)'" }.joined(separator: ", ")))",
                        note: "request the pool that holds the address, or pick an address of '\(requested)'"))
                }
                allocations.append(allocation)
            }
        }
        findings += Self.duplicates(&allocations)

        // Usage per pool.
        for entry in parsed {
            let name = entry.pool.ref.name
            let mine = allocations.filter { $0.pool == name && $0.kubeService.ref.sharesCluster(with: entry.pool.ref) }
            let fixed = Set(mine.compactMap(\.ip))
            let used = fixed.filter { ip in entry.ranges.contains { $0.contains(ip) } }.sorted()
            let dynamic = mine.filter(\.isDynamic).count
            let size = IPv4Range.merged(entry.ranges).reduce(UInt64(0)) { $0 + $1.size }
            let pool = Pool(pool: entry.pool, ranges: entry.ranges, unparsed: entry.unparsed, size: size,
                            usedAddresses: used, dynamicCount: dynamic,
                            free: IPv4Range.subtracting(used, from: entry.ranges))
            pools.append(pool)
            guard size > 0, pool.used * 100 >= UInt64(nearlyFullPercent) * size else { continue }
            let over = pool.used > size
            let dynamicText = dynamic > 0 ? " (\(used.count) fixed, \(dynamic) dynamic)" : ""
            findings.append(Diagnostic(
                id: "network.pool-nearly-full", severity: over ? .error : .warning, location: entry.pool.ref.location,
                message: over
                    ? "address pool '\(name)' is over-subscribed: \(pool.used) Services need an address\(dynamicText), it holds \(size)"
                    : "address pool '\(name)' is \(pool.percentUsed) % used: \(pool.used) of \(size) addresses\(dynamicText), \(pool.available) free",
                note: "widen the pool or free addresses before the next LoadBalancer Service stays <pending> (threshold \(nearlyFullPercent) %)"))
        }
        self.allocations = allocations.sorted { a, b in
            (a.ip?.value ?? UInt32.max, a.address ?? "", a.serviceName, a.location) < (b.ip?.value ?? UInt32.max, b.address ?? "", b.serviceName, b.location)
        }
        return findings
    }

    /// A Gateway's requested addresses as the LoadBalancer Service its controller creates for it.
    /// Its ports are the listeners' (UDP listeners on UDP, the others on TCP).
    static func loadBalancer(_ gateway: Gateway) -> KubeService {
        var seen = Set<String>()
        let ports = gateway.listeners.compactMap { listener -> ServicePort? in
            guard let port = listener.port else { return nil }
            let proto = listener.protocol.uppercased() == "UDP" ? "UDP" : "TCP"
            guard seen.insert("\(port)/\(proto)").inserted else { return nil }
            return ServicePort(name: listener.name, port: port, protocol: proto, location: gateway.ref.location)
        }
        return KubeService(ref: gateway.ref, serviceID: gateway.serviceID, type: "LoadBalancer", ports: ports,
                           loadBalancerIPs: gateway.loadBalancerIPs, sharingKey: gateway.sharingKey)
    }

    /// Whether a pool's Cilium `serviceSelector` takes the Service: its labels, plus the
    /// `io.kubernetes.service.namespace` and `io.kubernetes.service.name` labels Cilium adds.
    static func selects(_ pool: AddressPool, _ service: KubeService) -> Bool {
        guard !pool.serviceSelector.isEmpty else { return true }
        let labels = service.labels + [KeyValue("io.kubernetes.service.namespace", service.ref.namespace ?? "default"),
                                       KeyValue("io.kubernetes.service.name", service.ref.name)]
        return LabelSelector(matchLabels: pool.serviceSelector).matches(labels)
    }

    static func poolSummary(_ pools: [(pool: AddressPool, ranges: [IPv4Range], unparsed: [String])]) -> String {
        pools.map { "\($0.pool.ref.name) \($0.ranges.map(\.description).joined(separator: ", "))" }.joined(separator: "; ")
    }

    /// Pools that share addresses, reported at the later pool (by name).
    static func overlaps(_ pools: [(AddressPool, [IPv4Range])]) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for (i, (first, firstRanges)) in pools.enumerated() {
            for (second, secondRanges) in pools[(i + 1)...] where first.ref.sharesCluster(with: second.ref) {
                let shared = IPv4Range.merged(firstRanges.flatMap { a in secondRanges.compactMap { a.intersection($0) } })
                guard !shared.isEmpty else { continue }
                let count = shared.reduce(UInt64(0)) { $0 + $1.size }
                findings.append(Diagnostic(
                    id: "network.pool-overlap", severity: .error, location: second.ref.location,
                    message: "address pool '\(second.ref.name)' overlaps pool '\(first.ref.name)' (\(first.ref.location.path):\(first.ref.location.line)) on \(shared.map(\.description).joined(separator: ", ")) (\(count) address\(count == 1 ? "" : "es"))",
                    note: "give every pool its own addresses, or the two will hand out the same address"))
            }
        }
        return findings
    }

    /// Addresses claimed by more than one Service. Sharing is fine when every claimant has the
    /// same sharing key and — with `externalTrafficPolicy: Local` — they select the same pods
    /// (MetalLB's rules). MetalLB also needs different ports: two Services on one address, port
    /// and protocol are `ports.duplicate-claim`, reported by the port registry report.
    static func duplicates(_ allocations: inout [Allocation]) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var byAddress: [String: [Int]] = [:]
        for (index, allocation) in allocations.enumerated() {
            // One address per cluster: the same address in two clusters is no clash.
            if let ip = allocation.ip { byAddress["\(allocation.kubeService.ref.cluster ?? "")|\(ip.value)", default: []].append(index) }
        }
        for address in byAddress.keys.sorted(by: Self.clusterAddressOrder) {
            let indices = byAddress[address]!.sorted { allocations[$0].location < allocations[$1].location }
            guard indices.count > 1 else { continue }
            let claims = indices.map { allocations[$0] }
            guard let reason = sharingProblem(claims.map(\.kubeService)) else {
                for index in indices { allocations[index].problems.append("shared (key \(claims[0].kubeService.sharingKey ?? ""))") }
                continue
            }
            let first = claims[0]
            let others = claims.dropFirst().map { "'\($0.serviceName)' (\($0.location.path):\($0.location.line))" }
            for index in indices {
                let names = claims.filter { $0.location != allocations[index].location }.map(\.serviceName)
                allocations[index].problems.append("also claimed by \(names.joined(separator: ", "))")
            }
            findings.append(Diagnostic(
                id: "network.lb-ip-duplicate", severity: .error, location: first.location,
                message: "LoadBalancer address \(first.address ?? "") of Service '\(first.serviceName)' is also claimed by \(others.joined(separator: ", ")), \(reason)",
                note: "give each Service its own address, or let them share it: the same metallb.universe.tf/allow-shared-ip key on all of them, different ports"))
        }
        return findings
    }

    /// `cluster|address` keys in cluster order, then numerically by address.
    static func clusterAddressOrder(_ a: String, _ b: String) -> Bool {
        let left = a.split(separator: "|", omittingEmptySubsequences: false), right = b.split(separator: "|", omittingEmptySubsequences: false)
        if left[0] != right[0] { return left[0] < right[0] }
        return (UInt32(left[1]) ?? 0) < (UInt32(right[1]) ?? 0)
    }

    /// Why these Services may not share one address, or nil when MetalLB lets them.
    static func sharingProblem(_ services: [KubeService]) -> String? {
        let keys = Set(services.map { $0.sharingKey ?? "" })
        if keys.contains("") { return "and they do not share an allow-shared-ip key" }
        if keys.count > 1 { return "and their sharing keys differ (\(keys.sorted().joined(separator: ", ")))" }
        let local = services.contains { $0.externalTrafficPolicy == "Local" }
        if local, Set(services.map { $0.selector.sorted() }).count > 1 {
            return "and with externalTrafficPolicy Local they must select the same pods, which they do not"
        }
        return nil
    }
}
