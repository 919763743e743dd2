/// One container of a pod template, with what Almanac documents about it.
public struct Container: Hashable, Sendable, Codable {
    public enum Role: String, Sendable, Codable {
        case main, sidecar, `init`
    }

    public var name: String
    public var image: String
    public var role: Role
    public var ports: [ContainerPort]
    public var env: [EnvVar]
    /// `envFrom` sources: `ConfigMap name` / `Secret name`.
    public var envFrom: [String]
    public var resources: Resources
    public var probes: [Probe]
    /// Command and args joined, with secret-looking values masked; kept for dependency discovery.
    public var commandLine: [String]
    public var location: SourceLocation

    public init(name: String, image: String, role: Role, ports: [ContainerPort] = [], env: [EnvVar] = [],
                envFrom: [String] = [], resources: Resources = Resources(), probes: [Probe] = [],
                commandLine: [String] = [], location: SourceLocation) {
        self.name = name
        self.image = image
        self.role = role
        self.ports = ports
        self.env = env
        self.envFrom = envFrom
        self.resources = resources
        self.probes = probes
        self.commandLine = commandLine
        self.location = location
    }
}

/// A port a container declares.
public struct ContainerPort: Hashable, Sendable, Codable {
    public var name: String?
    public var containerPort: Int
    public var hostPort: Int?
    public var `protocol`: String

    public init(name: String?, containerPort: Int, hostPort: Int? = nil, protocol: String = "TCP") {
        self.name = name
        self.containerPort = containerPort
        self.hostPort = hostPort
        self.protocol = `protocol`
    }
}

/// One environment variable. Literal values whose names look secret are masked at scan time.
public struct EnvVar: Hashable, Sendable, Codable {
    public enum Value: Hashable, Sendable, Codable {
        case literal(String)
        /// A literal value withheld because the name looks secret.
        case masked
        case secretKey(name: String, key: String)
        case configMapKey(name: String, key: String)
        case field(String)
        case resourceField(String)
        case none
    }

    public var name: String
    public var value: Value
    public var location: SourceLocation

    public init(name: String, value: Value, location: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }

    /// What the page shows for the value.
    public var display: String {
        switch value {
        case .literal(let text): text
        case .masked: "\(Redaction.mask) (hidden: the name looks secret)"
        case .secretKey(let name, let key): "from Secret \(name) key \(key)"
        case .configMapKey(let name, let key): "from ConfigMap \(name) key \(key)"
        case .field(let path): "from field \(path)"
        case .resourceField(let resource): "from resource \(resource)"
        case .none: ""
        }
    }
}

/// Requests and limits, sorted by resource name.
public struct Resources: Hashable, Sendable, Codable {
    public var requests: [KeyValue]
    public var limits: [KeyValue]

    public init(requests: [KeyValue] = [], limits: [KeyValue] = []) {
        self.requests = requests
        self.limits = limits
    }

    public var isEmpty: Bool { requests.isEmpty && limits.isEmpty }
}

/// A liveness, readiness or startup probe, summarised.
public struct Probe: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case liveness, readiness, startup
    }

    public var kind: Kind
    /// `HTTP GET /health on port 8989`, `TCP port 5432`, `exec pg_isready`.
    public var summary: String

    public init(kind: Kind, summary: String) {
        self.kind = kind
        self.summary = summary
    }
}
