import AlmanacModel

/// Pairs registry rows with manifest ports, in two passes: exact matches first, then a leftover
/// row with a leftover port of the same Service (same number or same protocol) as one disagreement.
struct PortRegistryMatcher {
    let rows: [RegistryRow]
    let ports: [ManifestPort]
    let services: [Service]
    /// Locations of the manifest ports some row accounts for.
    var matched: Set<SourceLocation> = []
    var entries: [PortRegistryReport.Entry] = []
    var findings: [Diagnostic] = []

    /// Positions in `ports`, ascending, by lower-cased name and by service folder: a row looks
    /// up its candidates instead of filtering every port (rows and ports both grow with the repo).
    private var servicePortsByName: [String: [Int]] = [:]
    private var servicePortsByFolder: [String: [Int]] = [:]
    private var hostPortsByName: [String: [Int]] = [:]
    private var hostPortsByFolder: [String: [Int]] = [:]
    private var foldersByName: [String: [(id: String, namespace: String?)]] = [:]

    init(rows: [RegistryRow], ports: [ManifestPort], services: [Service]) {
        self.rows = rows
        self.ports = ports
        self.services = services
        for (position, port) in ports.enumerated() {
            if port.kubeService != nil {
                servicePortsByName[port.name.lowercased(), default: []].append(position)
                if let folder = port.serviceID { servicePortsByFolder[folder, default: []].append(position) }
            }
            if case .hostPort = port.origin {
                hostPortsByName[port.name.lowercased(), default: []].append(position)
                if let folder = port.serviceID { hostPortsByFolder[folder, default: []].append(position) }
            }
        }
        for service in services { foldersByName[service.name.lowercased(), default: []].append((service.id, service.namespace)) }
    }

    mutating func run() {
        var rowPorts = Array(repeating: [ManifestPort](), count: rows.count)
        var problems = Array(repeating: [String](), count: rows.count)
        var mismatched = Array(repeating: false, count: rows.count)
        var leftovers: [(Int, String)] = []
        for (index, row) in rows.enumerated() {
            let candidates = self.candidates(row)
            for proto in row.protocols {
                let hits = candidates.filter { $0.port == row.port && $0.protocol == proto }
                guard !hits.isEmpty else {
                    leftovers.append((index, proto))
                    continue
                }
                for hit in hits {
                    matched.insert(hit.location)
                    rowPorts[index].append(hit)
                    let differences = Self.exposureProblems(row, hit)
                    problems[index] += differences
                    if !differences.isEmpty { mismatched[index] = true }
                }
            }
        }
        var missing = Array(repeating: [String](), count: rows.count)
        for (index, proto) in leftovers {
            let row = rows[index]
            let candidates = self.candidates(row)
            let free = candidates.filter { !matched.contains($0.location) && $0.kubeService != nil }
            if let pick = free.first(where: { $0.port == row.port }) ?? free.first(where: { $0.protocol == proto }) {
                matched.insert(pick.location)
                rowPorts[index].append(pick)
                mismatched[index] = true
                problems[index].append("Service '\(pick.name)' exposes \(pick.portProtocol), not \(row.portText)/\(proto) (\(pick.location.path):\(pick.location.line))")
            } else {
                let services = Set(candidates.compactMap { $0.kubeService?.ref.name }).sorted()
                if services.isEmpty {
                    missing[index].append("no Service '\(row.service)'\(row.namespace.map { " in namespace \($0)" } ?? "") exists")
                } else {
                    let have = candidates.filter { $0.kubeService != nil }.map(\.portProtocol).joined(separator: ", ")
                    missing[index].append("Service '\(services.joined(separator: "', '"))' has no port \(row.portText)/\(proto) (it has \(have))")
                }
            }
        }
        for (index, row) in rows.enumerated() {
            let status: PortRegistryReport.Status
            if mismatched[index] {
                status = .mismatch
            } else if !missing[index].isEmpty {
                status = rowPorts[index].isEmpty ? .notExposed : .mismatch
            } else {
                status = .registered
            }
            let allProblems = problems[index] + missing[index]
            entries.append(PortRegistryReport.Entry(row: row, ports: rowPorts[index], status: status, problems: allProblems))
            if status == .mismatch {
                findings.append(Diagnostic(
                    id: "ports.registry-mismatch", severity: .warning, location: row.location,
                    message: "port registry row \(row.display) disagrees with the manifests: \(allProblems.joined(separator: "; "))",
                    note: "correct the row, or the manifest if the row is right"))
            } else if status == .notExposed {
                findings.append(Diagnostic(
                    id: "ports.registered-not-exposed", severity: .warning, location: row.location,
                    message: "port registry row \(row.display) matches no port in the manifests: \(allProblems.joined(separator: "; "))",
                    note: "remove the row if the port is gone, or fix its Service name, namespace, port or protocol"))
            }
        }
    }

    /// Manifest ports a row may describe: ports of the Services it names, else of the service
    /// folder it names; plus hostPorts of workloads with that name.
    func candidates(_ row: RegistryRow) -> [ManifestPort] {
        let name = row.service.lowercased()
        func inNamespace(_ position: Int) -> Bool { row.namespace == nil || ports[position].namespace == row.namespace }
        // Positions stay ascending, so candidates come in manifest order.
        var positions = (servicePortsByName[name] ?? []).filter(inNamespace)
        if positions.isEmpty {
            let folders = (foldersByName[name] ?? []).filter { row.namespace == nil || $0.namespace == row.namespace }.map(\.id)
            positions = Set(folders.flatMap { servicePortsByFolder[$0] ?? [] }).sorted().filter(inNamespace)
        }
        let folderIDs = Set(positions.compactMap { ports[$0].serviceID })
        let hostPositions = Set((hostPortsByName[name] ?? []) + folderIDs.flatMap { hostPortsByFolder[$0] ?? [] })
            .sorted().filter(inNamespace)
        return (positions + hostPositions).map { ports[$0] }
    }

    /// Where a row's exposure disagrees with a Service port it matched; hostPorts are not compared.
    static func exposureProblems(_ row: RegistryRow, _ port: ManifestPort) -> [String] {
        guard let service = port.kubeService else { return [] }
        let place = "(\(port.location.path):\(port.location.line))"
        switch row.exposure {
        case .clusterIP:
            if service.type == "LoadBalancer" || service.type == "NodePort" {
                return ["Service '\(service.ref.name)' is \(port.exposure), not ClusterIP \(place)"]
            }
            if !port.hosts.isEmpty {
                return ["ingress routes publish it as \(port.hosts.joined(separator: ", ")), so it is not ClusterIP only \(place)"]
            }
        case .ingress(let host):
            if port.hosts.isEmpty {
                return ["no ingress route leads to Service '\(service.ref.name)' port \(port.portProtocol), so it is not \(row.exposureText) \(place)"]
            }
            if let host, !port.hosts.contains(where: { $0.lowercased() == host.lowercased() }) {
                return ["the routes to it answer \(port.hosts.joined(separator: ", ")), not \(row.exposureText) \(place)"]
            }
        case .loadBalancer(let ip):
            if service.type != "LoadBalancer" {
                return ["Service '\(service.ref.name)' is \(port.exposure), not \(row.exposureText) \(place)"]
            }
            if let ip, !port.loadBalancerIPs.contains(ip) {
                let actual = port.loadBalancerIPs.isEmpty ? "takes a dynamic address" : "is on \(port.loadBalancerIPs.joined(separator: ", "))"
                return ["Service '\(service.ref.name)' \(actual), not \(row.exposureText) \(place)"]
            }
        case .nodePort(let number):
            if service.type != "NodePort" && service.type != "LoadBalancer" {
                return ["Service '\(service.ref.name)' is \(port.exposure), not \(row.exposureText) \(place)"]
            }
            if let number, port.nodePort != number {
                return ["the Service's nodePort is \(port.nodePort.map(String.init) ?? "assigned by Kubernetes"), not \(row.exposureText) \(place)"]
            }
        case .host, .unspecified:
            break
        }
        return []
    }
}
