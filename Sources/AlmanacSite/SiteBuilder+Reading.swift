import AlmanacModel
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
        html.containsBytes("<h1") ? demotingHeadings(html, by: 1) : html
    }
}

extension SiteBuilder {
    private static let unprefixedID = try! NSRegularExpression(pattern: " (id=\"|href=\"#)(?!readme-)")

    /// A service README inside the service page, under the page's "README" h2: its h1 becomes
    /// an h2 (one h1 per page; its other headings keep their levels, so the order has no gaps),
    /// and heading ids with the in-page links to them get the `readme-` prefix, so a README's
    /// "## Ports" cannot collide with the page's own `#ports`. Ids already prefixed by the
    /// Markdown stage stay as they are.
    static func embeddedReadme(_ html: String) -> String {
        let demoted = html.replacingBytes("<h1", with: "<h2").replacingBytes("</h1>", with: "</h2>")
        let range = NSRange(location: 0, length: (demoted as NSString).length)
        return unprefixedID.stringByReplacingMatches(in: demoted, range: range, withTemplate: " $1readme-")
    }
}
