import AlmanacModel

/// A port the manifests expose: a Service port (with its LoadBalancer addresses and the hosts
/// routed to it) or a container `hostPort`.
public struct ManifestPort: Hashable, Sendable {
    public enum Origin: Hashable, Sendable {
        case service(KubeService, ServicePort)
        case hostPort(Workload, Container, ContainerPort)
    }

    public var origin: Origin
    public var serviceID: String?
    public var namespace: String?
    /// The Service name, or the workload name for a hostPort.
    public var name: String
    public var port: Int
    public var `protocol`: String
    public var loadBalancerIPs: [String]
    public var nodePort: Int?
    /// Hosts whose routes send traffic to this port.
    public var hosts: [String]
    public var location: SourceLocation

    /// Reachable from outside the cluster: LoadBalancer, NodePort, hostPort or routed by an ingress.
    public var isExternal: Bool {
        switch origin {
        case .hostPort: return true
        case .service(let service, _):
            return service.type == "LoadBalancer" || service.type == "NodePort" || !hosts.isEmpty
        }
    }

    public var kubeService: KubeService? {
        if case .service(let service, _) = origin { return service }
        return nil
    }

    /// How the manifests expose it, in the registry's words: `LoadBalancer 10.10.0.203`, `Ingress git.lab.example.com`, `ClusterIP`.
    public var exposure: String {
        var parts: [String] = []
        switch origin {
        case .hostPort:
            parts.append("hostPort")
        case .service(let service, _):
            if service.type == "LoadBalancer" {
                parts.append((["LoadBalancer"] + loadBalancerIPs).joined(separator: " "))
            } else if service.type == "NodePort" {
                parts.append("NodePort" + (nodePort.map { " \($0)" } ?? ""))
            }
            parts += hosts.map { "Ingress \($0)" }
            if parts.isEmpty { parts.append(service.headless ? "ClusterIP (headless)" : "ClusterIP") }
        }
        return parts.joined(separator: ", ")
    }

    /// `3478/UDP`.
    public var portProtocol: String { "\(port)/\(`protocol`)" }

    /// Every Service port (ExternalName Services have none) and every hostPort, in repository order.
    static func all(_ repository: Repository, hosts: [NetworkTopology.HostEntry]) -> [ManifestPort] {
        var result: [ManifestPort] = []
        // The host entries routed to each Service, in host order, looked up rather than scanned.
        var hostsByService: [ObjectRef: [Int]] = [:]
        for (position, entry) in hosts.enumerated() {
            for ref in Set(entry.backends.compactMap { $0.kubeService?.ref }) { hostsByService[ref, default: []].append(position) }
        }
        for service in repository.kubeServices.sorted(by: { $0.ref < $1.ref }) where service.type != "ExternalName" {
            var seen = Set<String>()
            let addresses = service.loadBalancerIPs.map(\.address).filter { seen.insert($0).inserted }
            let candidates = (hostsByService[service.ref] ?? []).map { hosts[$0] }
            for port in service.ports {
                let routed = candidates.filter { entry in
                    entry.backends.contains { backend in
                        guard let target = backend.kubeService, target.ref == service.ref else { return false }
                        guard let wanted = backend.port else { return port == service.ports.first }
                        return wanted == String(port.port) || wanted == port.name
                    }
                }.map(\.host)
                var unique = Set<String>()
                result.append(ManifestPort(
                    origin: .service(service, port), serviceID: service.serviceID, namespace: service.ref.namespace,
                    name: service.ref.name, port: port.port, protocol: port.protocol.uppercased(),
                    loadBalancerIPs: service.type == "LoadBalancer" ? addresses : [], nodePort: port.nodePort,
                    hosts: routed.filter { unique.insert($0.lowercased()).inserted }, location: port.location))
            }
        }
        for workload in repository.workloads.sorted(by: { $0.ref < $1.ref }) {
            for container in workload.allContainers {
                for port in container.ports {
                    guard let hostPort = port.hostPort else { continue }
                    result.append(ManifestPort(
                        origin: .hostPort(workload, container, port), serviceID: workload.serviceID,
                        namespace: workload.ref.namespace, name: workload.ref.name, port: hostPort,
                        protocol: port.protocol.uppercased(), loadBalancerIPs: [], nodePort: nil, hosts: [],
                        location: container.location))
                }
            }
        }
        return result
    }
}
