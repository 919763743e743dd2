import AlmanacModel
import CMark
import Foundation

extension SiteBuilder {
    struct RenderedDocument {
        var html: String
        var headings: [MarkdownRenderer.Heading]
    }

    /// Renders a document's Markdown for the page at `page`: links to other documents and repo
    /// files become relative site URLs (links that lead nowhere are reported by analysis).
    func renderMarkdown(_ document: Document, page: String, dropTitle: Bool = false) -> RenderedDocument {
        let body = dropTitle ? SiteBuilder.removingTitleHeading(document.body, title: document.title) : document.body
        let output = MarkdownRenderer.render(body) { url, isImage in
            if isImage { return nil }
            return urls.resolveLink(url, from: document.path).map { SiteURLs.relative(from: page, to: $0) }
        }
        return RenderedDocument(html: output.html, headings: output.headings)
    }

    /// The page header shows the title, so a leading `# Title` line that repeats it is blanked
    /// (not removed, so line numbers of later links stay right).
    static func removingTitleHeading(_ body: String, title: String) -> String {
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return body }
        let line = lines[index].trimmingCharacters(in: .whitespaces)
        guard line.hasPrefix("# "), line.dropFirst(2).trimmingCharacters(in: CharacterSet(charactersIn: " #")) == title else {
            return body
        }
        lines[index] = ""
        return lines.joined(separator: "\n")
    }

    func documentPage(_ document: Document) throws -> Page {
        guard let page = urls.document(document.path) else {
            throw TemplateRenderer.Failure(description: "no page for \(document.path)")
        }
        let rendered = renderMarkdown(document, page: page, dropTitle: true)
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
                "title": document.title, "kind": document.kind.rawValue, "path": document.path,
                "html": SiteBuilder.keepingOneTitle(rendered.html),
            ] as [String: Any],
            "frontMatter": frontMatter, "hasFrontMatter": !frontMatter.isEmpty,
            "toc": toc, "hasToc": toc.count >= 2, "searchMeta": searchMeta(document: document),
            "sourceURL": sourceURL as Any,
            "forgeURL": SiteURLs.forge(repoURL: repository.config.repoURL, branch: repository.config.repoBranch,
                                       path: document.path) as Any,
        ])
        return try render("document", page: page, context)
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
        // Thousands of lines per file: built directly (escaped) rather than through a template loop.
        var code = ""
        code.reserveCapacity(text.utf8.count * 2 + lines.count * 90)
        for (offset, line) in lines.enumerated() {
            let n = offset + 1
            code += "<span class=\"line\" id=\"L\(n)\"><a class=\"ln\" href=\"#L\(n)\" aria-label=\"line \(n)\">\(n)</a>"
            code += HTML.escape(line)
            code += "</span>\n"
        }
        var context = layout(page: page, title: file.path, section: "",
                             breadcrumbs: [("Source", nil), (file.path, nil)])
        var owner: [String: Any]?
        if let id = file.serviceID, let service = analysis.index[id]?.service {
            owner = ["name": service.name, "url": SiteURLs.relative(from: page, to: SiteURLs.service(service))]
        }
        context = context.merging([
            "file": ["path": file.path, "role": file.role.rawValue, "redacted": !file.redactedLines.isEmpty] as [String: Any],
            "code": code,
            "owner": owner as Any,
            "forgeURL": SiteURLs.forge(repoURL: repository.config.repoURL, branch: repository.config.repoBranch,
                                       path: file.path) as Any,
        ])
        return try render("source", page: page, context)
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
    static func escape<S: StringProtocol>(_ text: S) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
