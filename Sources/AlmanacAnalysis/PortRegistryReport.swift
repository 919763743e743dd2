import AlmanacModel

/// The port registry table(s) of docs/reference/port-registry.md compared with the manifests.
///
/// Rows match Service ports by Service name (or, forgivingly, service folder name), namespace,
/// port and protocol. A row and a port of the same Service that match nothing else are one
/// disagreement (`ports.registry-mismatch`, at the row), not two findings. Ports reachable from
/// outside the cluster must always be registered; when the registry lists `ClusterIP` ports too,
/// it declares itself complete and every Service port must be in it.
public struct PortRegistryReport: Sendable {
    public enum Status: String, Sendable {
        case registered, mismatch
        case notExposed = "not in the manifests"
        case unregistered = "not registered"
    }

    /// One line of the comparison: a registry row, a manifest port, or both.
    public struct Entry: Sendable {
        public var row: RegistryRow?
        /// Manifest ports the row matched (one per protocol), or the unregistered port.
        public var ports: [ManifestPort]
        public var status: Status
        /// What disagrees, in words.
        public var problems: [String]

        public var serviceIDs: [String] { Array(Set(ports.compactMap(\.serviceID))).sorted() }
    }

    /// The registry documents read.
    public var documents: [String] = []
    /// Registry rows in document order, then unregistered manifest ports in repository order.
    public var entries: [Entry] = [] {
        didSet { entriesByService = Self.index(entries) }
    }
    /// Positions in `entries` by service id, so a service page does not filter every entry.
    private var entriesByService: [String: [Int]] = [:]
    /// Every port the manifests expose.
    public var manifestPorts: [ManifestPort] = []
    /// True when the registry lists cluster-internal ports, so every Service port must be in it.
    public var demandsEveryPort = false
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    public init() {}

    /// Entries that concern one service (by service id), through a matched manifest port.
    public func entries(of serviceID: String) -> [Entry] { (entriesByService[serviceID] ?? []).map { entries[$0] } }

    private static func index(_ entries: [Entry]) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        for (position, entry) in entries.enumerated() {
            for id in Set(entry.ports.compactMap(\.serviceID)) { result[id, default: []].append(position) }
        }
        return result
    }

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> PortRegistryReport {
        build(repository, hosts: analysis.network.hosts, allocations: analysis.network.allocations)
    }

    static func build(_ repository: Repository, hosts: [NetworkTopology.HostEntry],
                      allocations: [NetworkTopology.Allocation]) -> PortRegistryReport {
        var report = PortRegistryReport()
        report.manifestPorts = ManifestPort.all(repository, hosts: hosts)
        report.findings += duplicateClaims(report.manifestPorts)
        let documents = repository.documents.filter(PortRegistry.isRegistry).sorted { $0.path < $1.path }
        guard !documents.isEmpty else { return report }
        report.documents = documents.map(\.path)
        var rows: [RegistryRow] = []
        for document in documents {
            let (found, problems) = PortRegistry.rows(of: document)
            rows += found
            report.findings += problems.map {
                Diagnostic(id: "ports.registry-unreadable", severity: .warning, location: $0.location, message: $0.message,
                           note: "write the port as a number (protocol in its own column)")
            }
        }
        report.demandsEveryPort = rows.contains { $0.exposure == .clusterIP }
        var matcher = PortRegistryMatcher(rows: rows, ports: report.manifestPorts, services: repository.services)
        matcher.run()
        var entries = matcher.entries
        report.findings += matcher.findings
        let registry = documents[0].path
        for port in report.manifestPorts where !matcher.matched.contains(port.location) {
            guard report.demandsEveryPort || port.isExternal else { continue }
            entries.append(Entry(row: nil, ports: [port], status: .unregistered, problems: []))
            let what: String
            switch port.origin {
            case .service(let service, let servicePort):
                what = "Service '\(service.ref.name)' port \(port.portProtocol)\(servicePort.name.map { " (\($0))" } ?? "")"
            case .hostPort(let workload, let container, _):
                what = "hostPort \(port.portProtocol) of container '\(container.name)' in \(workload.ref.display)"
            }
            report.findings.append(Diagnostic(
                id: "ports.unregistered", severity: .warning, location: port.location,
                message: "\(what), exposed as \(port.exposure), is not in the port registry (\(registry))",
                note: "add the row | \(port.name) | \(port.namespace ?? "") | \(port.port) | \(port.protocol) | \(port.exposure) | … |"))
        }
        report.entries = entries
        report.findings += duplicateRows(rows)
        report.findings.sort()
        return report
    }

    /// The same address, port and protocol claimed by two Services in the manifests: LoadBalancer
    /// addresses, NodePorts and hostPorts (both on every node).
    static func duplicateClaims(_ ports: [ManifestPort]) -> [Diagnostic] {
        var claims: [String: [ManifestPort]] = [:]
        for port in ports {
            var keys = port.loadBalancerIPs.map { "\($0):\(port.portProtocol)" }
            if let nodePort = port.nodePort { keys.append("every node:\(nodePort)/\(port.protocol)") }
            if case .hostPort = port.origin { keys.append("every node:\(port.portProtocol)") }
            for key in keys { claims[key, default: []].append(port) }
        }
        var findings: [Diagnostic] = []
        for key in claims.keys.sorted() {
            let owners = claims[key]!.sorted { $0.location < $1.location }
            let distinct = Set(owners.map { "\($0.namespace ?? "")/\($0.name)" })
            guard distinct.count > 1 else { continue }
            let others = owners.dropFirst().map { "'\($0.name)' (\($0.location.path):\($0.location.line))" }
            findings.append(Diagnostic(
                id: "ports.duplicate-claim", severity: .error, location: owners[0].location,
                message: "\(key) is claimed by '\(owners[0].name)' and also by \(others.joined(separator: ", "))",
                note: "only one of them can bind it; move one to another port or address"))
        }
        return findings
    }

    /// Registry rows that give the same LoadBalancer address, port and protocol to different Services.
    static func duplicateRows(_ rows: [RegistryRow]) -> [Diagnostic] {
        var claims: [String: [RegistryRow]] = [:]
        for row in rows {
            guard case .loadBalancer(let ip?) = row.exposure, let port = row.port else { continue }
            for proto in row.protocols { claims["\(ip):\(port)/\(proto)", default: []].append(row) }
        }
        var findings: [Diagnostic] = []
        for key in claims.keys.sorted() {
            let owners = claims[key]!.sorted { $0.location < $1.location }
            guard Set(owners.map { "\($0.namespace ?? "")/\($0.service.lowercased())" }).count > 1 else { continue }
            let others = owners.dropFirst().map { "'\($0.service)' (line \($0.location.line))" }
            findings.append(Diagnostic(
                id: "ports.duplicate-claim", severity: .error, location: owners[0].location,
                message: "port registry gives \(key) to '\(owners[0].service)' and also to \(others.joined(separator: ", "))",
                note: "one address, port and protocol can belong to one Service only; fix the rows"))
        }
        return findings
    }
}
