import AlmanacModel
import Foundation
import Graphviz

/// Finishing touches on the HTML cmark-gfm renders for a document page: a visible `#` link on
/// each heading (to copy a link to a step), a language label on code blocks, tables that scroll
/// on their own on a phone, and ```` ```dot ```` blocks replaced by their diagram.
///
/// Works on cmark's own output (safe mode: no raw HTML), whose shapes are fixed: `<hN id="…">`
/// (ids added by the wrapper), `<pre><code class="language-x">`, `<table>`.
enum DocsHTML {
    /// The languages whose code blocks are Graphviz diagrams.
    static let dotLanguages = GraphvizRenderer.fenceLanguages

    /// Applies every touch. `renderDot` turns DOT text into the HTML that replaces the block.
    static func enhance(_ html: String, renderDot: (String) -> String) -> String {
        wrapTables(labelCodeBlocks(addHeadingLinks(html), renderDot: renderDot))
    }

    /// Drops a leading `<h1>` whose text the page header already shows.
    static func removingLeadingTitle(_ html: String, title: String) -> String {
        let trimmed = html.drop { $0.isWhitespace }
        guard trimmed.hasPrefix("<h1"), let end = trimmed.firstRange(ofBytes: "</h1>") else { return html }
        let opening = trimmed[..<end.lowerBound]
        guard let close = opening.firstIndex(of: ">") else { return html }
        let text = unescape(String(opening[opening.index(after: close)...]))
        guard text.trimmingCharacters(in: .whitespaces) == title.trimmingCharacters(in: .whitespaces) else { return html }
        return String(trimmed[end.upperBound...].drop { $0 == "\n" })
    }

    /// `<h2 id="x">` → `<h2 id="<prefix>x">`.
    static func prefixingHeadingIDs(_ html: String, with prefix: String) -> String {
        var result = html
        for level in 1...6 {
            result = result.replacingBytes("<h\(level) id=\"", with: "<h\(level) id=\"\(prefix)")
        }
        return result
    }

    /// `<h2 id="x">Text</h2>` → `<h2 id="x">Text <a class="heading-anchor" href="#x">#</a></h2>`.
    static func addHeadingLinks(_ html: String) -> String {
        var result = ""
        result.reserveCapacity(html.utf8.count + 512)
        var rest = html[...]
        while let start = rest.firstRange(ofBytes: "<h") {
            let after = rest[start.upperBound...]
            guard let level = after.first, ("1"..."6").contains(level), after.dropFirst().hasPrefix(" id=\""),
                  let idEnd = after.dropFirst(6).firstIndex(of: "\""),
                  let close = rest[idEnd...].firstRange(ofBytes: "</h\(level)>") else {
                result += rest[..<start.upperBound]
                rest = after
                continue
            }
            let id = after[after.index(after.startIndex, offsetBy: 6)..<idEnd]
            result += rest[..<close.lowerBound]
            result += " <a class=\"heading-anchor\" href=\"#\(id)\" aria-label=\"Link to this section\">#</a>"
            result += rest[close.lowerBound..<close.upperBound]
            rest = rest[close.upperBound...]
        }
        result += rest
        return result
    }

    /// Wraps code blocks that name a language with a label, and renders DOT blocks.
    static func labelCodeBlocks(_ html: String, renderDot: (String) -> String) -> String {
        let opening = "<pre><code class=\"language-"
        var result = ""
        var rest = html[...]
        while let start = rest.firstRange(ofBytes: opening) {
            guard let quote = rest[start.upperBound...].firstIndex(of: "\""),
                  let tagEnd = rest[quote...].firstIndex(of: ">"),
                  let end = rest[tagEnd...].firstRange(ofBytes: "</code></pre>") else { break }
            let language = String(rest[start.upperBound..<quote])
            result += rest[..<start.lowerBound]
            if dotLanguages.contains(language.lowercased()) {
                result += renderDot(unescape(String(rest[rest.index(after: tagEnd)..<end.lowerBound])))
            } else {
                result += "<div class=\"code-block\"><span class=\"code-lang\">\(language)</span>"
                result += rest[start.lowerBound..<end.upperBound]
                result += "</div>"
            }
            rest = rest[end.upperBound...]
        }
        result += rest
        return result
    }

    static func wrapTables(_ html: String) -> String {
        html.replacingBytes("<table>", with: "<div class=\"table-scroll\"><table>")
            .replacingBytes("</table>", with: "</table></div>")
    }

    /// Undoes cmark's HTML escaping (it escapes exactly `&`, `<`, `>` and `"`).
    static func unescape(_ text: String) -> String {
        guard text.containsBytes("&") else { return text }
        return text.replacingBytes("&lt;", with: "<").replacingBytes("&gt;", with: ">")
            .replacingBytes("&quot;", with: "\"").replacingBytes("&#39;", with: "'")
            .replacingBytes("&amp;", with: "&")
    }
}
