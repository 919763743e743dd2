import AlmanacModel
import Yams

/// Read-only access to a composed YAML node, applying `<<` merge keys on lookup.
///
/// `Yams.compose` keeps merge keys literal, so lookups fall back to merged mappings here.
struct YAMLNode {
    let node: Node
    /// Added to the node's own line: the first line of its document in the file.
    let lineOffset: Int

    init(_ node: Node, lineOffset: Int) {
        self.node = node
        self.lineOffset = lineOffset
    }

    /// 1-based line in the file.
    var line: Int { (node.mark?.line ?? 1) + lineOffset }
    var column: Int { node.mark?.column ?? 1 }

    subscript(key: String) -> YAMLNode? {
        guard case .mapping(let mapping) = node else { return nil }
        for (k, v) in mapping where k.string == key {
            return YAMLNode(v, lineOffset: lineOffset)
        }
        for (k, v) in mapping where k.string == "<<" {
            for merged in Self.mergeSources(v) {
                if let found = YAMLNode(merged, lineOffset: lineOffset)[key] { return found }
            }
        }
        return nil
    }

    /// Follows a path of keys: `node[path: "spec", "template", "spec"]`.
    subscript(path keys: String...) -> YAMLNode? {
        var current: YAMLNode? = self
        for key in keys { current = current?[key] }
        return current
    }

    private static func mergeSources(_ node: Node) -> [Node] {
        switch node {
        case .mapping: [node]
        case .sequence(let items): Array(items)
        default: []
        }
    }

    /// Scalar text; nil for mappings, sequences and null.
    var string: String? {
        guard case .scalar(let scalar) = node else { return nil }
        if scalar.style == .plain, ["~", "null", "Null", "NULL", ""].contains(scalar.string) { return nil }
        return scalar.string
    }

    var int: Int? { string.flatMap { Int($0) } }

    var bool: Bool? {
        switch string?.lowercased() {
        case "true", "yes", "on": true
        case "false", "no", "off": false
        default: nil
        }
    }

    var isMapping: Bool { if case .mapping = node { true } else { false } }

    /// Items of a sequence; empty for anything else.
    var items: [YAMLNode] {
        guard case .sequence(let sequence) = node else { return [] }
        return sequence.map { YAMLNode($0, lineOffset: lineOffset) }
    }

    /// Key/value pairs of a mapping in file order, merge keys expanded (own keys win).
    var pairs: [(key: String, value: YAMLNode, keyLine: Int, keyColumn: Int)] {
        guard case .mapping(let mapping) = node else { return [] }
        var result: [(key: String, value: YAMLNode, keyLine: Int, keyColumn: Int)] = []
        var seen = Set<String>()
        for (k, v) in mapping {
            guard let key = k.string, key != "<<" else { continue }
            seen.insert(key)
            result.append((key, YAMLNode(v, lineOffset: lineOffset), (k.mark?.line ?? 1) + lineOffset, k.mark?.column ?? 1))
        }
        for (k, v) in mapping where k.string == "<<" {
            for merged in Self.mergeSources(v) {
                for pair in YAMLNode(merged, lineOffset: lineOffset).pairs where !seen.contains(pair.key) {
                    seen.insert(pair.key)
                    result.append(pair)
                }
            }
        }
        return result
    }

    /// A mapping of scalars as sorted key/value pairs (labels, annotations, selectors).
    var keyValues: [KeyValue] {
        pairs.compactMap { pair in pair.value.string.map { KeyValue(pair.key, $0) } }.sorted()
    }

    /// Scalars of a sequence, or the scalar itself as a one-element list.
    var strings: [String] {
        if let single = string { return [single] }
        return items.compactMap(\.string)
    }

    /// Text of every scalar below this node, for searching references.
    var allScalars: [YAMLNode] {
        switch node {
        case .scalar: [self]
        case .mapping: pairs.flatMap { $0.value.allScalars }
        case .sequence: items.flatMap(\.allScalars)
        case .alias: []
        }
    }
}
