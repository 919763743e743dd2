import AlmanacModel

/// One object as a GitOps tool would apply it: the document after Kustomize transforms and
/// substitution, or an object a chart renders from values.
struct RenderedObject: Sendable {
    var tree: YAMLTree
    var origin: FactOrigin = .manifest
    /// The Helm release that renders it, for objects from values.
    var release: String?

    var apiVersion: String { tree["apiVersion"]?.string ?? "" }
    var kind: String { tree["kind"]?.string ?? "" }
    var group: String {
        let version = apiVersion
        return version.contains("/") ? String(version.split(separator: "/")[0]) : ""
    }
    var name: String? { tree[path: "metadata", "name"]?.string }
    var namespace: String? { tree[path: "metadata", "namespace"]?.string }
    var sourcePath: String { tree.location.path }
    var labels: [String: String] { Self.stringMap(tree[path: "metadata", "labels"]) }
    var annotations: [String: String] { Self.stringMap(tree[path: "metadata", "annotations"]) }

    var isObject: Bool { !apiVersion.isEmpty && !kind.isEmpty }

    /// `kind/namespace/name`, the identity Kubernetes uses (for de-duplication per cluster).
    var identity: String { "\(group)/\(kind)/\(namespace ?? "")/\(name ?? "")" }

    mutating func setNamespace(_ namespace: String) {
        tree.set(["metadata", "namespace"], to: .scalar(namespace, at: tree[path: "metadata", "name"]?.location ?? tree.location))
    }

    mutating func setName(_ name: String) {
        tree.set(["metadata", "name"], to: .scalar(name, at: tree[path: "metadata", "name"]?.location ?? tree.location))
    }

    static func stringMap(_ tree: YAMLTree?) -> [String: String] {
        var result: [String: String] = [:]
        for entry in tree?.entries ?? [] { if let value = entry.value.string { result[entry.key] = value } }
        return result
    }

    /// Kinds without a namespace: Kustomize `namespace` and Flux `targetNamespace` skip them.
    static let clusterScoped: Set<String> = ScannedFact.clusterScoped.union([
        "APIService", "ClusterIssuer", "CSIDriver", "VolumeSnapshotClass", "ClusterRepository",
        "ClusterExternalSecret", "ClusterPolicy", "NodePool",
    ])

    var isNamespaced: Bool { !Self.clusterScoped.contains(kind) }
}
