import Foundation

extension SiteBuilder {
    private static let headingTag = try! NSRegularExpression(pattern: "<(/?)h([1-6])(?=[\\s>])")

    /// Shifts every heading tag of rendered Markdown down by `levels` (h1 → h3 with 2), capped
    /// at h6, so a README shown under a page's own h2 keeps one h1 per page and heading order.
    /// Text never holds a raw `<h…`: the Markdown renderer escapes it.
    static func demotingHeadings(_ html: String, by levels: Int) -> String {
        let source = html as NSString
        var result = ""
        var last = 0
        for match in headingTag.matches(in: html, range: NSRange(location: 0, length: source.length)) {
            result += source.substring(with: NSRange(location: last, length: match.range.location - last))
            let slash = source.substring(with: match.range(at: 1))
            let level = Int(source.substring(with: match.range(at: 2)))!
            result += "<\(slash)h\(min(6, level + levels))"
            last = match.range.location + match.range.length
        }
        return result + source.substring(from: last)
    }
}

extension SiteBuilder {
    /// A document body that still holds an h1 (one that differs from the page title) moves
    /// down a level, so the page header's h1 stays the only one.
    static func keepingOneTitle(_ html: String) -> String {
        html.contains("<h1") ? demotingHeadings(html, by: 1) : html
    }
}

extension SiteBuilder {
    /// A service README inside the service page: headings moved under the page's "README" h2,
    /// and heading ids (with the in-page links to them) prefixed `readme-`, so a README's
    /// "## Ports" cannot collide with the page's own `#ports`.
    static func embeddedReadme(_ html: String) -> String {
        demotingHeadings(html, by: 2)
            .replacingOccurrences(of: " id=\"", with: " id=\"readme-")
            .replacingOccurrences(of: " href=\"#", with: " href=\"#readme-")
    }
}
