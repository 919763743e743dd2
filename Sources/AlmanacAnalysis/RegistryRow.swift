import AlmanacModel
import Foundation

/// One row of the port registry: a Service port and how it is exposed, as the docs say.
public struct RegistryRow: Hashable, Sendable {
    /// How the row says the port is reached.
    public enum Exposure: Hashable, Sendable {
        /// Inside the cluster only (`ClusterIP`, `internal`, `headless`).
        case clusterIP
        /// Through an ingress route under this host (`Ingress git.lab.example.com`).
        case ingress(host: String?)
        /// On a LoadBalancer address (`LoadBalancer 10.10.0.204`, or just the address).
        case loadBalancer(ip: String?)
        /// On every node (`NodePort 30080`).
        case nodePort(Int?)
        /// On the node's own address (`hostPort`, `hostNetwork`).
        case host
        /// Not written, or not understood; not compared.
        case unspecified

        /// Reachable from outside the cluster.
        public var isExternal: Bool {
            switch self {
            case .loadBalancer, .nodePort, .host, .ingress: true
            case .clusterIP, .unspecified: false
            }
        }
    }

    /// The Kubernetes Service name (or, forgivingly, the service folder name).
    public var service: String
    public var namespace: String?
    public var port: Int?
    /// The port cell as written, for pages and messages.
    public var portText: String
    /// One or more protocols (`TCP/UDP` rows stand for both), upper-case.
    public var protocols: [String]
    public var exposure: Exposure
    public var exposureText: String
    public var notes: String
    /// The heading the row's table sits under.
    public var section: String?
    public var location: SourceLocation

    public init(service: String, namespace: String? = nil, port: Int?, portText: String? = nil, protocols: [String] = ["TCP"],
                exposure: Exposure = .unspecified, exposureText: String = "", notes: String = "", section: String? = nil,
                location: SourceLocation) {
        self.service = service
        self.namespace = namespace
        self.port = port
        self.portText = portText ?? port.map(String.init) ?? ""
        self.protocols = protocols
        self.exposure = exposure
        self.exposureText = exposureText
        self.notes = notes
        self.section = section
        self.location = location
    }

    /// `gitea-ssh (dev-tools) 2222/TCP`.
    public var display: String {
        "\(service)\(namespace.map { " (\($0))" } ?? "") \(portText)/\(protocols.joined(separator: "+"))"
    }

    /// Reads an exposure cell: `ClusterIP`, `Ingress <host>`, `LoadBalancer <ip>`, `NodePort <n>`,
    /// `hostPort`, or a bare address or host name. `ip` is a separate IP column, when the table has one.
    public static func exposure(_ text: String, ip: String? = nil) -> Exposure {
        let words = plain(text).split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }).map(String.init)
        let lower = words.map { $0.lowercased() }
        let address = (words + (ip.map { plain($0).split(separator: " ").map(String.init) } ?? [])).first { IPv4Address($0) != nil }
        let host = words.first { $0.contains(".") && IPv4Address($0) == nil && $0.contains { $0.isLetter } }
        guard let first = lower.first else { return address.map { .loadBalancer(ip: $0) } ?? .unspecified }
        switch first {
        case "clusterip", "internal", "cluster", "headless", "none", "in-cluster":
            return .clusterIP
        case "ingress", "ingressroute", "httproute", "gateway", "traefik", "https", "http":
            return .ingress(host: host)
        case "loadbalancer", "lb", "metallb":
            return .loadBalancer(ip: address)
        case "nodeport":
            return .nodePort(words.dropFirst().lazy.compactMap { Int($0) }.first)
        case "hostport", "hostnetwork", "host":
            return .host
        default:
            if let address { return .loadBalancer(ip: address) }
            if let host { return .ingress(host: host) }
            return .unspecified
        }
    }

    /// Cell text without Markdown code and emphasis marks.
    static func plain(_ text: String) -> String {
        var result = text
        for mark in ["`", "**", "__"] { result = result.replacingOccurrences(of: mark, with: "") }
        return result.trimmingCharacters(in: .whitespaces)
    }
}
