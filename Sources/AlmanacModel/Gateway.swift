/// A Gateway API `Gateway` (gateway.networking.k8s.io): the listeners routes attach to, and the
/// addresses it asks its load balancer for.
public struct Gateway: Hashable, Sendable, Codable {
    public var ref: ObjectRef
    public var serviceID: String?
    public var gatewayClassName: String?
    /// Requested addresses: `spec.addresses[]` of type IPAddress (the default type), and the
    /// LB-IPAM annotations of `spec.infrastructure.annotations`.
    public var loadBalancerIPs: [AddressClaim]
    /// Addresses of another type (`Hostname`, `NamedAddress`), as `type value`.
    public var otherAddresses: [String]
    public var listeners: [GatewayListener]
    /// Sharing key from `spec.infrastructure.annotations`, as on a Service.
    public var sharingKey: String?

    public init(ref: ObjectRef, serviceID: String? = nil, gatewayClassName: String? = nil,
                loadBalancerIPs: [AddressClaim] = [], otherAddresses: [String] = [],
                listeners: [GatewayListener] = [], sharingKey: String? = nil) {
        self.ref = ref
        self.serviceID = serviceID
        self.gatewayClassName = gatewayClassName
        self.loadBalancerIPs = loadBalancerIPs
        self.otherAddresses = otherAddresses
        self.listeners = listeners
        self.sharingKey = sharingKey
    }
}

/// One listener of a Gateway: where routes attach.
public struct GatewayListener: Hashable, Sendable, Codable {
    /// Which namespaces' routes may attach (`allowedRoutes.namespaces.from`).
    public enum AllowedNamespaces: String, Sendable, Codable {
        case same = "Same"
        case all = "All"
        case selector = "Selector"
    }

    public var name: String
    /// Host name or `*.` wildcard the listener answers; nil answers any host.
    public var hostname: String?
    public var port: Int?
    /// HTTP, HTTPS, TLS, TCP, UDP.
    public var `protocol`: String
    /// `tls.mode` (Terminate, Passthrough) when the listener has a `tls` section.
    public var tlsMode: String?
    /// `tls.certificateRefs[].name`: the Secrets holding the certificate.
    public var certificateRefs: [String]
    public var allowedNamespaces: AllowedNamespaces
    /// `allowedRoutes.namespaces.selector.matchLabels`, for `Selector`.
    public var namespaceSelector: [KeyValue]
    /// `allowedRoutes.kinds[].kind`; empty means the kinds the protocol supports.
    public var allowedKinds: [String]

    public init(name: String, hostname: String? = nil, port: Int? = nil, protocol: String = "HTTP",
                tlsMode: String? = nil, certificateRefs: [String] = [], allowedNamespaces: AllowedNamespaces = .same,
                namespaceSelector: [KeyValue] = [], allowedKinds: [String] = []) {
        self.name = name
        self.hostname = hostname
        self.port = port
        self.protocol = `protocol`
        self.tlsMode = tlsMode
        self.certificateRefs = certificateRefs
        self.allowedNamespaces = allowedNamespaces
        self.namespaceSelector = namespaceSelector
        self.allowedKinds = allowedKinds
    }
}

/// A Gateway API route's `parentRefs[]` entry: the Gateway (and optionally the listener) it attaches to.
public struct ParentRef: Hashable, Sendable, Codable {
    /// `Gateway` unless written otherwise (`ListenerSet`, a Service for mesh routes).
    public var kind: String
    public var name: String
    /// nil means the route's own namespace.
    public var namespace: String?
    /// The listener name.
    public var sectionName: String?
    public var port: Int?

    public init(kind: String = "Gateway", name: String, namespace: String? = nil, sectionName: String? = nil, port: Int? = nil) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.sectionName = sectionName
        self.port = port
    }
}
