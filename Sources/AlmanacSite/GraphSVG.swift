import Graphviz

/// Graphviz SVG made fit to sit inline in a page: no XML prolog or doctype, no comments, a class
/// for the stylesheet and a label for screen readers. Inline, so pages work from `file://` with
/// nothing fetched.
enum GraphSVG {
    /// Lays out `dot` and returns inline SVG, or nil when Graphviz fails (the page then shows the
    /// lists without the picture).
    static func render(_ dot: String, label: String) -> SafeHTML? {
        guard let svg = try? GraphvizRenderer.svg(dot: dot) else { return nil }
        // Almanac wrote the DOT and escaped its labels; the sanitiser checks the result all the same.
        return inline(svg, label: label).map { SafeHTML.sanitizedSVG($0) }
    }

    /// Graphviz writes the prolog, the doctype and each comment (its version, raw node ids) on
    /// lines of their own; one pass over the lines drops them.
    static func inline(_ svg: String, label: String) -> String? {
        var lines: [Substring] = []
        var started = false
        var inComment = false
        for line in svg.split(separator: "\n", omittingEmptySubsequences: true) {
            if inComment {
                if line.hasSuffix("-->") { inComment = false }
                continue
            }
            if line.hasPrefix("<!--") {
                inComment = !line.hasSuffix("-->")
                continue
            }
            if !started {
                guard line.hasPrefix("<svg") else { continue }
                started = true
                lines.append("<svg class=\"graph\" role=\"img\" aria-label=\"\(HTML.escape(label))\"" + line.dropFirst(4))
                continue
            }
            lines.append(line)
        }
        return started ? lines.joined(separator: "\n") : nil
    }
}
