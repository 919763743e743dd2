/// What search knows about one HTML page: read back from the page itself, so every page any
/// section builds is indexed the same way, without the section doing anything.
struct SearchDocument: Sendable, Equatable {
    /// A stretch of the page under one heading with an id (the first one has no anchor).
    struct Section: Sendable, Equatable {
        var anchor: String
        var heading: String
        /// Headings without an id inside the section (table cards, `<h3>` groups).
        var minorHeadings: [String]
        var text: String
    }

    /// Site path of the page (`services/plex/index.html`).
    var path: String
    /// The `<h1>`, or the `<title>` without the site name.
    var title: String
    /// From `<meta name="almanac:kind">`: service, adr, runbook, alert, doc, page, source.
    var kind: String
    var category: String
    /// From `<meta name="almanac:keywords">`: names, images, hosts, IPs, ports, alert names.
    var keywords: String
    /// `<meta name="almanac:search" content="skip">` keeps a page out of the index.
    var skip: Bool
    var sections: [Section]
}

extension SearchDocument {
    /// Reads a page Almanac rendered: title and `almanac:*` meta tags from the head; headings
    /// (with their ids) and text from `<main>`, leaving out navigation, scripts, SVG and
    /// anything marked `data-search-ignore`.
    init(path: String, html: [UInt8]) {
        var reader = SearchHTMLReader(bytes: html)
        reader.read()
        self.path = path
        let headTitle = reader.headTitle
        let siteSuffix = headTitle.range(of: " · ", options: .backwards).map { String(headTitle[..<$0.lowerBound]) }
        self.title = reader.h1.isEmpty ? (siteSuffix ?? headTitle) : reader.h1
        self.kind = reader.meta["almanac:kind"] ?? "page"
        self.category = reader.meta["almanac:category"] ?? ""
        self.keywords = reader.meta["almanac:keywords"] ?? ""
        self.skip = reader.meta["almanac:search"] == "skip"
        self.sections = reader.sections
    }
}
