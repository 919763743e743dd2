import AlmanacModel
@testable import AlmanacScan
@testable import AlmanacSite
@testable import CMark

/// (2) Front matter and Markdown reading: `MarkdownReader.read` (front matter through Yams, the
/// one cmark-gfm parse that gives headings, links and the slotted HTML), then what the site does
/// with it: the slots filled, and the page HTML finished (heading links, code labels, tables).
enum MarkdownTarget {
    static let path = "docs/guides/fuzz.md"

    /// A stand-in for the site's link rewriting: like it, it leaves destinations that safe mode
    /// drops alone.
    static func rewrite(_ url: String, _ isImage: Bool) -> String? {
        if MarkdownRenderer.isDangerous(url) || url.hasPrefix("#") { return nil }
        return (isImage ? "../assets/files/" : "../page/") + url
    }

    static func run(_ text: String) {
        let (document, _) = MarkdownReader.read(path: path, text: text)
        let lines = lineCount(text)
        require(document.bodyLine >= 1 && document.bodyLine <= lines + 1, "body at line \(document.bodyLine) of \(lines)")
        require(Set(document.anchors).count == document.anchors.count, "duplicate heading anchors \(document.anchors)")
        for link in document.links {
            require(link.location.line >= 1 && link.location.line <= lines, "link at line \(link.location.line) of \(lines)")
        }
        guard let slotted = document.html else { return }
        let filled = MarkdownRenderer.fillSlots(slotted) { index in
            require(document.links.indices.contains(index), "slot \(index) with \(document.links.count) links")
            let link = document.links[index]
            return rewrite(link.url, link.isImage) ?? link.url
        }
        // The slots stand for the links exactly: filling them gives the HTML of a render with
        // the final links.
        let direct = MarkdownRenderer.render(document.body, rewriteLink: rewrite).html
        require(filled == direct, "filled slots differ from a direct render:\n\(filled)\n---\n\(direct)")
        require(!filled.lowercased().contains("<script"), "a <script> in the rendered HTML")
        var page = DocsHTML.removingLeadingTitle(filled, title: document.title)
        page = DocsHTML.prefixingHeadingIDs(page, with: "readme-")
        page = DocsHTML.enhance(page) { _ in "<svg></svg>" }
        require(!page.lowercased().contains("<script"), "a <script> in the page HTML")
    }
}
