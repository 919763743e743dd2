import Foundation
import Graphviz

/// Graphviz SVG made fit to sit inline in a page: no XML prolog or doctype, no comments, a class
/// for the stylesheet and a label for screen readers. Inline, so pages work from `file://` with
/// nothing fetched.
enum GraphSVG {
    /// Lays out `dot` and returns inline SVG, or nil when Graphviz fails (the page then shows the
    /// lists without the picture).
    static func render(_ dot: String, label: String) -> String? {
        guard let svg = try? GraphvizRenderer.svg(dot: dot) else { return nil }
        return inline(svg, label: label)
    }

    static func inline(_ svg: String, label: String) -> String? {
        guard let start = svg.range(of: "<svg") else { return nil }
        // Comments carry Graphviz's version and raw node ids; neither belongs in the page.
        // One pass, moving forward, so large graphs stay linear.
        var body = ""
        body.reserveCapacity(svg.utf8.count)
        var cursor = start.lowerBound
        while let open = svg.range(of: "<!--", range: cursor..<svg.endIndex) {
            body += svg[cursor..<open.lowerBound]
            guard let close = svg.range(of: "-->", range: open.upperBound..<svg.endIndex) else {
                cursor = svg.endIndex
                break
            }
            cursor = close.upperBound
        }
        body += svg[cursor...]
        let attributes = " class=\"graph\" role=\"img\" aria-label=\"\(HTML.escape(label))\""
        body.insert(contentsOf: attributes, at: body.index(body.startIndex, offsetBy: 4))
        // Blank lines left behind by removed comments.
        return body.split(separator: "\n", omittingEmptySubsequences: true).joined(separator: "\n")
    }
}
