/// An HTTP(S) or TCP entry into the cluster: Ingress, Traefik IngressRoute(TCP/UDP), Gateway API routes.
public struct Route: Hashable, Sendable, Codable {
    public var ref: ObjectRef
    public var serviceID: String?
    public var hosts: [String]
    public var paths: [String]
    public var backends: [Backend]
    /// Traefik entry points or the Gateway parent refs.
    public var entryPoints: [String]
    public var ingressClass: String?
    public var middlewares: [String]
    public var tls: TLSInfo?
    /// `gethomepage.dev/*` annotations, for the homepage-style name, group and description.
    public var homepage: [KeyValue]
    /// Gateway API routes: the Gateways and listeners they attach to.
    public var parentRefs: [ParentRef] = []

    public init(ref: ObjectRef, serviceID: String? = nil, hosts: [String] = [], paths: [String] = [],
                backends: [Backend] = [], entryPoints: [String] = [], ingressClass: String? = nil,
                middlewares: [String] = [], tls: TLSInfo? = nil, homepage: [KeyValue] = []) {
        self.ref = ref
        self.serviceID = serviceID
        self.hosts = hosts
        self.paths = paths
        self.backends = backends
        self.entryPoints = entryPoints
        self.ingressClass = ingressClass
        self.middlewares = middlewares
        self.tls = tls
        self.homepage = homepage
    }
}

/// The Service a route sends traffic to.
public struct Backend: Hashable, Sendable, Codable {
    public var service: String
    public var namespace: String?
    public var port: String?

    public init(service: String, namespace: String? = nil, port: String? = nil) {
        self.service = service
        self.namespace = namespace
        self.port = port
    }
}

/// How a route gets its certificate.
public struct TLSInfo: Hashable, Sendable, Codable {
    public var secretName: String?
    public var certResolver: String?
    public var issuer: String?

    public init(secretName: String? = nil, certResolver: String? = nil, issuer: String? = nil) {
        self.secretName = secretName
        self.certResolver = certResolver
        self.issuer = issuer
    }
}
