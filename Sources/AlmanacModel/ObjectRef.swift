/// Identity of one Kubernetes (or GitOps) object in the repo and where it is written.
public struct ObjectRef: Hashable, Sendable, Codable, Comparable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var namespace: String?
    public var location: SourceLocation
    /// Written as a manifest, or rendered from Helm values (then `location` is the values line).
    public var origin: FactOrigin
    /// The cluster it is deployed to, in a repo with GitOps roots; objects of different clusters
    /// never clash (the same pool or address in two clusters is fine).
    public var cluster: String?

    public init(apiVersion: String, kind: String, name: String, namespace: String?, location: SourceLocation,
                origin: FactOrigin = .manifest) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.location = location
        self.origin = origin
    }

    /// Whether two objects may be in the same cluster (unknown clusters may).
    public func sharesCluster(with other: ObjectRef) -> Bool {
        guard let cluster, let otherCluster = other.cluster else { return true }
        return cluster == otherCluster
    }

    /// `Kind/name` as kubectl prints it.
    public var display: String { "\(kind)/\(name)" }

    public static func < (lhs: ObjectRef, rhs: ObjectRef) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        return (lhs.kind, lhs.name) < (rhs.kind, rhs.name)
    }
}

/// A key/value pair kept in order; used for labels, annotations, selectors and resources so
/// that everything iterates deterministically.
public struct KeyValue: Hashable, Sendable, Codable, Comparable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }

    public static func < (lhs: KeyValue, rhs: KeyValue) -> Bool { (lhs.key, lhs.value) < (rhs.key, rhs.value) }
}

extension Array where Element == KeyValue {
    /// The value for `key`, if present.
    public subscript(key key: String) -> String? { first { $0.key == key }?.value }
}

/// Where a fact comes from: a manifest in git, or Helm values in git that a chart renders.
public enum FactOrigin: String, Hashable, Sendable, Codable {
    case manifest
    case values
}
