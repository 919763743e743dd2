import AlmanacModel
import Yams

/// Read-only access to a YAML document for the decoders: a thin view over `YAMLTree`, which has
/// already applied `<<` merge keys and knows each node's file, line and column.
struct YAMLNode {
    let tree: YAMLTree

    init(_ tree: YAMLTree) {
        self.tree = tree
    }

    /// Converts a composed document; `lineOffset` is the document's first line in the file minus one.
    init(_ node: Node, lineOffset: Int, path: String = "") {
        self.tree = YAMLTree(node: node, path: path, lineOffset: lineOffset)
    }

    /// 1-based line in the file.
    var line: Int { tree.location.line }
    var column: Int { tree.location.column }
    var location: SourceLocation { tree.location }

    subscript(key: String) -> YAMLNode? { tree[key].map(YAMLNode.init) }

    /// Follows a path of keys: `node[path: "spec", "template", "spec"]`.
    subscript(path keys: String...) -> YAMLNode? { tree.value(at: keys).map(YAMLNode.init) }

    /// Scalar text; nil for mappings, sequences and null.
    var string: String? { tree.string }

    var int: Int? { string.flatMap { Int($0) } }

    var bool: Bool? {
        switch string?.lowercased() {
        case "true", "yes", "on": true
        case "false", "no", "off": false
        default: nil
        }
    }

    var isMapping: Bool { tree.isMapping }
    var isSequence: Bool { tree.isSequence }

    /// Items of a sequence; empty for anything else.
    var items: [YAMLNode] { tree.items.map(YAMLNode.init) }

    /// Key/value pairs of a mapping in file order, merge keys expanded (own keys win).
    var pairs: [(key: String, value: YAMLNode, keyLine: Int, keyColumn: Int)] {
        tree.entries.map { ($0.key, YAMLNode($0.value), $0.keyLocation.line, $0.keyLocation.column) }
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
    var allScalars: [YAMLNode] { tree.allScalars.map(YAMLNode.init) }
}
