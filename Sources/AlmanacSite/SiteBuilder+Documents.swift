import AlmanacModel
import CMark
import Foundation

extension SiteBuilder {
    struct RenderedDocument {
        var html: String
        var headings: [DocumentHeading]
    }

    /// Renders a document's Markdown for the page at `page`: links to documents, folders,
    /// diagrams and repo files become relative site URLs, images point at their copies, and the
    /// HTML gets heading links, code labels, scrolling tables and rendered DOT blocks (links that
    /// lead nowhere are reported by analysis). With `dropTitle`, a leading `# Title` that the
    /// page header repeats is left out (after the heading ids are assigned, so they match the
    /// anchors the link check knows).
    ///
    /// A service README sits inside the service page, whose sections have ids of their own
    /// (`config`, `backup` …), so its heading ids — and links to them — get a `readme-` prefix.
    func renderMarkdown(_ document: Document, page: String, dropTitle: Bool = false) -> RenderedDocument {
        let anchorPrefix = document.kind == .serviceReadme ? Self.readmeAnchorPrefix : ""
        func rewrite(_ url: String, _ isImage: Bool) -> String? {
            if url.hasPrefix("#"), url.count > 1, !anchorPrefix.isEmpty { return "#" + anchorPrefix + url.dropFirst() }
            return docsLink(url, isImage: isImage, from: document.path, page: page)
        }
        var html: String
        let headings: [DocumentHeading]
        if let slotted = document.html {
            // Rendered once by the scan; only the links depend on the page.
            html = MarkdownRenderer.fillSlots(slotted) { index in
                guard document.links.indices.contains(index) else { return "" }
                let link = document.links[index]
                return rewrite(link.url, link.isImage) ?? link.url
            }
            headings = document.headings
        } else {
            let output = MarkdownRenderer.render(document.body, rewriteLink: rewrite)
            html = output.html
            headings = output.headings.map { DocumentHeading(level: $0.level, text: $0.text, id: $0.id) }
        }
        if dropTitle { html = DocsHTML.removingLeadingTitle(html, title: document.title) }
        if !anchorPrefix.isEmpty { html = DocsHTML.prefixingHeadingIDs(html, with: anchorPrefix) }
        html = DocsHTML.enhance(html) { dot in diagramHTML(dot: dot, caption: nil, id: nil) }
        return RenderedDocument(html: html, headings: headings)
    }

    static let readmeAnchorPrefix = "readme-"

    /// Every document page, the folder index pages, and the files documents show.
    /// Every document page (one job each), then the folder index pages and the files documents show.
    func documentationJobs() -> [Job] {
        let documents = repository.documents.filter { $0.kind != .serviceReadme }
        return documents.map { document in { [try documentPage(document)] } } + [{
            var pages: [Page] = []
            for folder in docs.allFolders where folder.readme == nil {
                pages.append(try folderPage(folder))
            }
            if docs[DocsTree.docsRoot] == nil { pages.append(try folderPage(nil)) }
            return pages + publishedFiles() + renderedDiagramFiles()
        }]
    }

    func documentPage(_ document: Document) throws -> Page {
        guard let page = urls.document(document.path) else {
            throw TemplateRenderer.Failure(description: "no page for \(document.path)")
        }
        let rendered = renderMarkdown(document, page: page, dropTitle: true)
        let toc = rendered.headings.filter { $0.level == 2 || $0.level == 3 }.map { heading -> [String: Any] in
            ["text": heading.text, "id": heading.id, "level": heading.level, "sub": heading.level == 3]
        }
        let folderPath = DocsTree.parent(of: document.path)
        let ownFolder = docs.folder(withReadme: document.path)
        let frontMatter: [[String: Any]] = document.frontMatter.entries.filter { $0.key != "title" }.map { entry in
            ["key": entry.key, "value": entry.value.text]
        }
        var context = layout(page: page, title: document.title, section: "docs",
                             breadcrumbs: docsBreadcrumbs(folder: ownFolder?.path ?? folderPath, current: document.title,
                                                          isFolderPage: ownFolder != nil))
        var sourceURL: String?
        if let source = urls.sourceView(document.path) { sourceURL = SiteURLs.relative(from: page, to: source) }
        context = context.merging([
            "document": [
                "title": document.title, "kind": document.kind.rawValue, "path": document.path,
                "html": SafeHTML.renderedMarkdown(SiteBuilder.keepingOneTitle(rendered.html)),
            ] as [String: Any],
            "frontMatter": frontMatter, "hasFrontMatter": !frontMatter.isEmpty,
            "toc": toc, "hasToc": toc.count >= 2, "searchMeta": searchMeta(document: document),
            "sourceURL": sourceURL as Any,
            "forgeURL": SiteURLs.forge(repoURL: repository.config.repoURL, branch: repository.config.repoBranch,
                                       path: document.path) as Any,
            "lastUpdated": lastUpdatedContext(repository.history[document.path]) as Any,
            "docsNav": docsNavigationHTML(page: page, currentFolder: ownFolder?.path ?? folderPath),
            "folder": ownFolder.map { folderContext($0, page: page) } as Any,
        ])
        context = context.merging(knowledgeDocumentContext(document, page: page))
        return try render("document", page: page, context)
    }

    /// The index page of a folder without a README (nil: the docs root of a repo without docs/).
    func folderPage(_ folder: DocsTree.Folder?) throws -> Page {
        let page = folder?.page ?? DocsTree.page(ofFolder: DocsTree.docsRoot)
        let title = folder?.title ?? "Documents"
        var context = layout(page: page, title: title, section: "docs",
                             breadcrumbs: docsBreadcrumbs(folder: folder?.path ?? DocsTree.docsRoot, current: title,
                                                          isFolderPage: true))
        var folderValues = folder.map { folderContext($0, page: page) } ?? [:]
        if folder == nil, let repoRoot = docs[DocsTree.repoRoot] {
            folderValues = ["subfolders": [subfolderContext(repoRoot, page: page)], "hasSubfolders": true, "hasListing": true]
        }
        let newest = folder.flatMap { folder in
            FileRevision.newest((folder.documents.map(\.path) + folder.diagrams.map(\.path)).compactMap { repository.history[$0] })
        }
        context = context.merging([
            "title": title, "eyebrow": folder.map { $0.path.isEmpty ? "Repository" : $0.path } ?? "docs",
            "folder": folderValues,
            "docsNav": docsNavigationHTML(page: page, currentFolder: folder?.path ?? DocsTree.docsRoot),
            "lastUpdated": lastUpdatedContext(newest) as Any,
        ])
        return try render("documents", page: page, context)
    }

    func sourcePage(_ file: SourceFile) throws -> Page {
        let page = "source/\(file.path).html"
        // Thousands of lines per file: built directly (escaped) rather than through a template loop.
        let code = Self.sourceLinesHTML(file.publishableText ?? "", redactions: file.redactions)
        var context = layout(page: page, title: file.path, section: "",
                             breadcrumbs: [("Source", nil), (file.path, nil)])
        var owner: [String: Any]?
        if let id = file.serviceID, let service = analysis.index[id]?.service {
            owner = ["name": service.name, "url": SiteURLs.relative(from: page, to: SiteURLs.service(service))]
        }
        context = context.merging([
            "file": ["path": file.path, "role": file.role.rawValue] as [String: Any],
            "redactions": file.redactions.map { ["line": $0.line, "note": $0.note] } as [[String: Any]],
            "redactionCount": file.redactions.isEmpty ? nil : (file.redactions.count == 1 ? "1 secret value" : "\(file.redactions.count) secret values") as Any,
            "code": SafeHTML.built(code),
            "owner": owner as Any,
            "forgeURL": SiteURLs.forge(repoURL: repository.config.repoURL, branch: repository.config.repoBranch,
                                       path: file.path) as Any,
        ])
        return try render("source", page: page, context)
    }
}

extension SiteBuilder {
    /// Each line of `text` as `<span class="line" id="Ln">` with its number linked, the text
    /// HTML-escaped and its newline inside; lines end at `\n` (a final empty line is not
    /// shown). On lines a redaction covers, each mask is marked with its reason. Built as bytes.
    static func sourceLinesHTML(_ text: String, redactions: [Redaction] = []) -> String {
        var bytes = Array(text.utf8)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        var html: [UInt8] = []
        html.reserveCapacity(bytes.count * 2 + 4096)
        var number = 0
        var start = 0
        let redactions = redactions.sorted { $0.line < $1.line }
        var nextRedaction = 0
        let mask = Array(Redaction.mask.utf8)
        func line(_ end: Int) {
            number += 1
            html.append(contentsOf: "<span class=\"line\" id=\"L\(number)\"><a class=\"ln\" href=\"#L\(number)\" aria-label=\"line \(number)\">\(number)</a>".utf8)
            while nextRedaction < redactions.count, redactions[nextRedaction].endLine < number { nextRedaction += 1 }
            if nextRedaction < redactions.count, redactions[nextRedaction].line <= number {
                let open = Array("<mark class=\"redacted\" title=\"hidden: \(HTML.escape(redactions[nextRedaction].note))\">".utf8)
                var cursor = start
                // Few lines hold masks: a plain search will do.
                func nextMask(from position: Int) -> Int? {
                    var index = position
                    while index + mask.count <= end {
                        if bytes[index] == mask[0], bytes[index..<(index + mask.count)].elementsEqual(mask) { return index }
                        index += 1
                    }
                    return nil
                }
                while let found = nextMask(from: cursor) {
                    HTML.append(escaping: bytes[cursor..<found], to: &html)
                    html += open + mask + Array("</mark>".utf8)
                    cursor = found + mask.count
                }
                HTML.append(escaping: bytes[cursor..<end], to: &html)
            } else {
                HTML.append(escaping: bytes[start..<end], to: &html)
            }
            // The newline inside the span: a block span followed by a newline of its own would
            // show an empty line under every line of the file.
            html.append(contentsOf: "\n</span>".utf8)
        }
        guard !text.isEmpty else { return "" }
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            line(index)
            start = index + 1
        }
        line(bytes.count)
        return String(decoding: html, as: UTF8.self)
    }
}

enum MarkdownTitle {
    static func humanize(_ slug: String) -> String {
        let words = slug.replacingOccurrences(of: "_", with: "-").split(separator: "-")
        guard let first = words.first else { return slug }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst().map(String.init)).joined(separator: " ")
    }
}

/// HTML escaping for text Almanac places into markup itself.
enum HTML {
    /// Escapes `& < > " '`, byte by byte (every page runs many strings through here).
    static func escape<S: StringProtocol>(_ text: S) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return String(text)
        }
        var result: [UInt8] = []
        result.reserveCapacity(utf8.count + 16)
        append(escaping: utf8, to: &result)
        return String(decoding: result, as: UTF8.self)
    }

    /// Appends `bytes` to `html` with `& < > " '` escaped.
    static func append<C: Collection<UInt8>>(escaping bytes: C, to html: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case 0x26: html.append(contentsOf: Self.amp)
            case 0x3C: html.append(contentsOf: Self.lt)
            case 0x3E: html.append(contentsOf: Self.gt)
            case 0x22: html.append(contentsOf: Self.quot)
            case 0x27: html.append(contentsOf: Self.apos)
            default: html.append(byte)
            }
        }
    }

    private static let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8), apos = Array("&#39;".utf8)
}
