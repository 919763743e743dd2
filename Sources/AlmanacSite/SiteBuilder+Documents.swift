import AlmanacModel
import CMark
import Foundation

extension SiteBuilder {
    struct RenderedDocument {
        var html: String
        var headings: [MarkdownRenderer.Heading]
        var diagnostics: [Diagnostic]
    }

    /// Renders a document's Markdown for the page at `page`: links to other documents and repo
    /// files become relative site URLs; links to nothing become diagnostics.
    func renderMarkdown(_ document: Document, page: String) -> RenderedDocument {
        let broken = BrokenLinks()
        let output = MarkdownRenderer.render(document.body) { url, isImage in
            if isImage { return nil }
            if let target = urls.resolveLink(url, from: document.path) {
                return SiteURLs.relative(from: page, to: target)
            }
            if SiteBuilder.isRepoRelative(url) { broken.add(url) }
            return nil
        }
        var diagnostics: [Diagnostic] = []
        let brokenURLs = broken.urls
        for link in output.links where !link.isImage && brokenURLs.contains(link.url) {
            diagnostics.append(Diagnostic(
                id: "links.broken", severity: .warning,
                location: SourceLocation(path: document.path, line: document.bodyLine + link.line - 1, column: 1),
                message: "link to '\(link.url)' leads nowhere in the repository"))
        }
        return RenderedDocument(html: output.html, headings: output.headings, diagnostics: diagnostics)
    }

    static func isRepoRelative(_ url: String) -> Bool {
        !(url.isEmpty || url.hasPrefix("#") || url.contains("://") || url.hasPrefix("mailto:") || url.hasPrefix("//")
          || url.hasPrefix("tel:"))
    }

    func documentPage(_ document: Document) throws -> (Page, [Diagnostic]) {
        guard let page = urls.document(document.path) else {
            throw TemplateRenderer.Failure(description: "no page for \(document.path)")
        }
        let rendered = renderMarkdown(document, page: page)
        let toc = rendered.headings.filter { $0.level == 2 || $0.level == 3 }.map { heading -> [String: Any] in
            ["text": heading.text, "id": heading.id, "level": heading.level, "sub": heading.level == 3]
        }
        var breadcrumbs: [(String, String?)] = [("Docs", "docs/index.html")]
        let folders = document.path.split(separator: "/").dropLast().map(String.init)
        for (offset, folder) in folders.enumerated() where !(offset == 0 && folder == "docs") {
            breadcrumbs.append((MarkdownTitle.humanize(folder), nil))
        }
        breadcrumbs.append((document.title, nil))
        let frontMatter: [[String: Any]] = document.frontMatter.entries.filter { $0.key != "title" }.map { entry in
            ["key": entry.key, "value": entry.value.text]
        }
        var context = layout(page: page, title: document.title, section: "docs", breadcrumbs: breadcrumbs)
        var sourceURL: String?
        if let source = urls.source(document.path) { sourceURL = SiteURLs.relative(from: page, to: source) }
        context = context.merging([
            "document": [
                "title": document.title, "kind": document.kind.rawValue, "path": document.path, "html": rendered.html,
            ] as [String: Any],
            "frontMatter": frontMatter, "hasFrontMatter": !frontMatter.isEmpty,
            "toc": toc, "hasToc": toc.count >= 2,
            "sourceURL": sourceURL as Any,
            "forgeURL": SiteURLs.forge(repoURL: repository.config.repoURL, branch: repository.config.repoBranch,
                                       path: document.path) as Any,
        ])
        return (try render("document", page: page, context), rendered.diagnostics)
    }

    func documentsIndexPage() throws -> Page {
        let page = "docs/index.html"
        let documents = repository.documents.filter { $0.kind != .serviceReadme }
        let groups = Dictionary(grouping: documents) { document -> String in
            var folders = document.path.split(separator: "/").dropLast().map(String.init)
            if folders.first == "docs" { folders.removeFirst() }
            return folders.isEmpty ? (document.path.hasPrefix("docs/") ? "docs" : "repository") : folders.joined(separator: "/")
        }.sorted { $0.key < $1.key }
        let groupContexts: [[String: Any]] = groups.map { folder, documents in
            [
                "name": folder,
                "documents": documents.map { document -> [String: Any] in
                    ["title": document.title, "kind": document.kind.rawValue, "path": document.path,
                     "url": urls.document(document.path).map { SiteURLs.relative(from: page, to: $0) } ?? ""]
                },
            ]
        }
        var context = layout(page: page, title: "Documents", section: "docs",
                             breadcrumbs: [("Home", "index.html"), ("Docs", nil)])
        context = context.merging(["groups": groupContexts, "total": documents.count])
        return try render("documents", page: page, context)
    }

    func sourcePage(_ file: SourceFile) throws -> Page {
        let page = "source/\(file.path).html"
        let text = file.publishableText ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        let lineContexts: [[String: Any]] = lines.enumerated().map { ["n": $0.offset + 1, "text": String($0.element)] }
        var context = layout(page: page, title: file.path, section: "",
                             breadcrumbs: [("Source", nil), (file.path, nil)])
        var owner: [String: Any]?
        if let id = file.serviceID, let service = analysis.index[id]?.service {
            owner = ["name": service.name, "url": SiteURLs.relative(from: page, to: SiteURLs.service(service))]
        }
        context = context.merging([
            "file": ["path": file.path, "role": file.role.rawValue, "redacted": !file.redactedLines.isEmpty] as [String: Any],
            "lines": lineContexts,
            "owner": owner as Any,
            "forgeURL": SiteURLs.forge(repoURL: repository.config.repoURL, branch: repository.config.repoBranch,
                                       path: file.path) as Any,
        ])
        return try render("source", page: page, context)
    }
}

/// Collects link targets that resolved to nothing while cmark walks a document.
private final class BrokenLinks: @unchecked Sendable {
    private var storage: Set<String> = []
    func add(_ url: String) { storage.insert(url) }
    var urls: Set<String> { storage }
}

enum MarkdownTitle {
    static func humanize(_ slug: String) -> String {
        let words = slug.replacingOccurrences(of: "_", with: "-").split(separator: "-")
        guard let first = words.first else { return slug }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst().map(String.init)).joined(separator: " ")
    }
}
