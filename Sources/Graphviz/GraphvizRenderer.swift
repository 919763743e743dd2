@preconcurrency import CGraphviz
import Foundation

/// Lays out DOT text and renders it to SVG through the Graphviz C library.
///
/// Graphviz is not thread-safe at all (two contexts on two threads crash), so every call goes
/// through one process-wide lock. Errors Graphviz reports are captured, not printed.
public enum GraphvizRenderer {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var context: OpaquePointer?
    nonisolated(unsafe) fileprivate static var capturedErrors: [String] = []

    /// SVG for `dot`, laid out with `layout` (`dot`, `neato`, `sfdp` …). A graph larger than
    /// `GraphvizLimits` allows is not laid out: the error says how large it is.
    public static func svg(dot: String, layout: String = "dot") throws -> String {
        lock.lock()
        defer { lock.unlock() }
        guard let context = prepare() else { throw Failure(message: "Graphviz context could not be created") }
        guard let graph = named(dot).withCString({ agmemread($0) }) else {
            throw Failure(message: errorText(default: "DOT text could not be parsed"))
        }
        defer { agclose(graph) }
        let size = GraphvizLimits.Size(nodes: Int(agnnodes(graph)), edges: Int(agnedges(graph)))
        guard !size.isTooLarge else {
            throw Failure(message: "the graph is too large to lay out: \(size.description)")
        }
        guard gvLayout(context, graph, layout) == 0 else {
            throw Failure(message: errorText(default: "layout '\(layout)' failed"))
        }
        defer { gvFreeLayout(context, graph) }
        var buffer: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        guard gvRenderData(context, graph, "svg", &buffer, &length) == 0, let buffer else {
            throw Failure(message: errorText(default: "SVG rendering failed"))
        }
        defer { gvFreeRenderData(buffer) }
        let data = Data(bytes: buffer, count: Int(length))
        return String(decoding: data, as: UTF8.self)
    }

    /// The one context, made on first use with Graphviz's messages captured. Call with the lock held.
    private static func prepare() -> OpaquePointer? {
        if context == nil {
            agseterrf { message in
                if let message { GraphvizRenderer.capturedErrors.append(String(cString: message)) }
                return 0
            }
            agseterr(AGWARN)
            context = gvContext()
        }
        capturedErrors = []
        return context
    }

    /// Runs `body` on the parsed graph of `dot` (nil when it does not parse), under the lock.
    static func withGraph<T>(_ dot: String, _ body: (UnsafeMutablePointer<Agraph_t>) -> T) -> T? {
        lock.lock()
        defer { lock.unlock() }
        guard prepare() != nil, let graph = dot.withCString({ agmemread($0) }) else { return nil }
        defer { agclose(graph) }
        return body(graph)
    }

    /// Anonymous graphs get a per-process counter as their name (`%3`), which ends up in the SVG;
    /// naming them keeps output identical across builds.
    static func named(_ dot: String) -> String {
        let trimmed = dot.drop { $0.isWhitespace }
        for header in ["strict digraph", "strict graph", "digraph", "graph"] where trimmed.hasPrefix(header) {
            let rest = trimmed.dropFirst(header.count).drop { $0.isWhitespace }
            if rest.hasPrefix("{") { return "\(header) G \(rest)" }
            return dot
        }
        return dot
    }

    private static func errorText(default fallback: String) -> String {
        let text = capturedErrors.joined().trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? fallback : text
    }

    /// Escapes text for an HTML-like label (`label=<…>`), text or attribute value: entities
    /// only, as Graphviz parses such labels as XML (a `\"` there ends the attribute).
    public static func escapeHTMLLabel(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\n", "\r": result += " "
            default: result.append(character)
            }
        }
        return result
    }

    /// Escapes text for a double-quoted DOT string.
    public static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            default: result.append(character)
            }
        }
        return result
    }
}
