import AlmanacModel

/// A Kubernetes object assembled from Helm values. Values are copied with their own locations;
/// text the chart would add (`kind`, names, selector labels) takes `origin`, the location of the
/// values key that caused the object, so every fact still points at a line of the values.
struct ChartObject {
    private(set) var tree: YAMLTree
    let origin: SourceLocation

    init(apiVersion: String, kind: String, name: String, namespace: String?, origin: SourceLocation) {
        self.origin = origin
        tree = .mapping([], at: origin)
        tree["apiVersion"] = .scalar(apiVersion, at: origin)
        tree["kind"] = .scalar(kind, at: origin)
        tree.set(["metadata", "name"], to: .scalar(name, at: origin))
        if let namespace { tree.set(["metadata", "namespace"], to: .scalar(namespace, at: origin)) }
    }

    /// Text the chart synthesizes, placed at the object's origin.
    func text(_ value: String) -> YAMLTree { .scalar(value, at: origin) }

    /// Sets a value at a path of keys; nil and empty mappings or sequences are left out.
    mutating func set(_ keys: String..., to value: YAMLTree?) {
        guard let value, !value.isEmptyCollection else { return }
        tree.set(keys, to: value)
    }

    /// Adds labels or annotations (`metadata.labels`) to those already set.
    mutating func add(_ pairs: [YAMLTree.Entry], to keys: String...) {
        guard !pairs.isEmpty else { return }
        var map = tree.value(at: keys) ?? .mapping([], at: origin)
        for pair in pairs { map[pair.key] = pair.value }
        tree.set(keys, to: map)
    }
}

extension YAMLTree {
    var isEmptyCollection: Bool {
        switch content {
        case .mapping(let entries): entries.isEmpty
        case .sequence(let items): items.isEmpty
        case .scalar: false
        }
    }

    /// `enabled: false` (or `no`, `off`) switches a values item off; anything else leaves it on.
    var isDisabled: Bool { YAMLNode(self)["enabled"]?.bool == false }

    /// A boolean scalar at `key`, nil when absent or not a boolean.
    func flag(_ key: String) -> Bool? { self[key].flatMap { YAMLNode($0).bool } }

    /// Entries of a mapping whose values are mappings not switched off with `enabled: false`.
    var enabledItems: [Entry] { entries.filter { $0.value.isMapping && !$0.value.isDisabled } }

    /// A sequence as is, or a single scalar as a one-item sequence.
    var asSequence: YAMLTree {
        if isSequence { return self }
        return .sequence([self], at: location)
    }

}

extension YAMLTree.Entry {
    /// A pair keyed at its value's location, for text the chart adds.
    init(_ key: String, _ value: YAMLTree) {
        self.init(key: key, keyLocation: value.location, value: value)
    }
}
