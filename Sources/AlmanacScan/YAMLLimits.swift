import AlmanacModel
import CYaml
import Foundation
import Yams

/// Limits on one YAML document, so a few hundred bytes cannot hang a build or run it out of
/// memory. Every YAML text the scan reads (manifests, values files, front matter,
/// `almanac.yaml`, YAML inside YAML strings) is composed through `compose`.
///
/// - **Aliases.** Yams composes an alias (`*name`) as the node its anchor names, and everything
///   that walks the document after that (Yams's own duplicate-key check, which hashes keys, the
///   conversion to `YAMLTree`, every decoder) sees one copy per alias. Nine anchors of nine
///   aliases each ("billion laughs") make 9⁹ nodes out of 300 bytes. Before composing a text
///   that has a `*` at all, one pass over libyaml's events counts the nodes the aliases reach,
///   as if each were replaced by a copy of what it names, and stops the document past
///   `maxAliasNodes`.
/// - **Nesting.** Composing, converting and walking a document recurse once per level, so a
///   document of 100,000 `[` would exhaust a thread's stack. libyaml stops past `maxDepth`
///   levels of collections, block and flow alike (`yaml_set_max_nest_level`).
enum YAMLLimits {
    /// Nodes one document may reach through aliases.
    static let maxAliasNodes = 100_000
    /// Collections nested inside one another in one document.
    static let maxDepth = 256

    /// A document past a limit; lines and columns are 1-based within the text composed.
    struct Exceeded: Error, Equatable {
        enum Kind: Equatable { case aliases, depth }
        var kind: Kind
        var line: Int
        var column: Int

        /// The diagnostic, at its line in the file (`firstLine` is the text's first line there).
        func diagnostic(path: String, firstLine: Int) -> Diagnostic {
            let location = SourceLocation(path: path, line: firstLine + line - 1, column: column)
            switch kind {
            case .aliases:
                return Diagnostic(
                    id: "yaml.alias-limit", severity: .error, location: location,
                    message: "YAML aliases here reach more than \(YAMLLimits.maxAliasNodes.formatted()) nodes "
                        + "(counting each alias as a copy of what it names); this document is skipped",
                    note: "anchors that nest aliases of aliases grow exponentially; write the values out, or alias less")
            case .depth:
                return Diagnostic(
                    id: "yaml.too-deep", severity: .error, location: location,
                    message: "YAML nested more than \(YAMLLimits.maxDepth) levels deep; this document is skipped",
                    note: "no Kubernetes object nests this deep; the rest of the file is still read")
            }
        }
    }

    /// libyaml's nesting limit is one process-wide setting; set once, before the first parse.
    private static let depthLimitSet: Bool = {
        yaml_set_max_nest_level(Int32(maxDepth))
        return true
    }()

    /// Composes `text` as `Yams.compose` does, within the limits. Throws `Exceeded` past one,
    /// and Yams's own errors otherwise.
    static func compose(_ text: String, resolver: Resolver = .basic) throws -> Node? {
        _ = depthLimitSet
        if text.utf8.contains(UInt8(ascii: "*")) { try checkAliases(text) }
        do {
            return try Yams.compose(yaml: text, resolver, .default, .utf8)
        } catch let error as YamlError {
            throw depthExceeded(error) ?? error
        }
    }

    /// libyaml's "Maximum nesting level reached" as `Exceeded`, with its place.
    static func depthExceeded(_ error: YamlError) -> Exceeded? {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            guard problem.contains("Maximum nesting level") else { return nil }
            return Exceeded(kind: .depth, line: mark.line, column: mark.column)
        default:
            return nil
        }
    }

    /// Counts, document by document, the nodes the aliases reach (an anchor's size is its nodes,
    /// the aliases inside it counted at their full size), and throws at the alias that passes
    /// `maxAliasNodes`. Syntax errors are left to Yams; nesting too deep is thrown here too.
    static func checkAliases(_ text: String) throws {
        _ = depthLimitSet
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            let ceiling = Int.max / 4  // sizes saturate here instead of overflowing
            var sizes: [String: Int] = [:]
            var open: [(anchor: String?, size: Int)] = []
            var reached = 0
            func add(_ size: Int) {
                guard !open.isEmpty else { return }
                open[open.count - 1].size = min(open[open.count - 1].size + size, ceiling)
            }
            func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? { anchor.map { String(cString: $0) } }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    if let problem = parser.problem, String(cString: problem).contains("Maximum nesting level") {
                        throw Exceeded(kind: .depth, line: Int(parser.problem_mark.line) + 1,
                                       column: Int(parser.problem_mark.column) + 1)
                    }
                    return
                }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_DOCUMENT_START_EVENT:
                    sizes = [:]
                    open = []
                    reached = 0
                case YAML_SCALAR_EVENT:
                    if let anchor = name(event.data.scalar.anchor) { sizes[anchor] = 1 }
                    add(1)
                case YAML_SEQUENCE_START_EVENT:
                    open.append((name(event.data.sequence_start.anchor), 1))
                case YAML_MAPPING_START_EVENT:
                    open.append((name(event.data.mapping_start.anchor), 1))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let closed = open.popLast() else { break }
                    if let anchor = closed.anchor { sizes[anchor] = closed.size }
                    add(closed.size)
                case YAML_ALIAS_EVENT:
                    let size = name(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1
                    reached = min(reached + size, ceiling)
                    if reached > maxAliasNodes {
                        throw Exceeded(kind: .aliases, line: Int(event.start_mark.line) + 1,
                                       column: Int(event.start_mark.column) + 1)
                    }
                    add(size)
                default:
                    break
                }
            }
        }
    }
}
