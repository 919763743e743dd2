import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Where a link written in the document at `documentPath` leads on the site, relative to
    /// `page`; nil keeps it as written (web links, in-page anchors, targets with no page).
    /// `LinkTarget` reads the link, as the broken-link check does; this only picks the page.
    ///
    /// In order: images → their copies; Markdown → its page; a service README → the service
    /// page; a diagram → its figure on its folder's page; a folder → its index page (or its
    /// service's page); any other repo file → its source view.
    func docsLink(_ url: String, isImage: Bool, from documentPath: String, page: String) -> String? {
        guard case .repository(let resolved, let fragment) = LinkTarget.of(url, from: documentPath) else { return nil }
        let anchor = fragment.map { "#" + $0 } ?? ""
        func to(_ path: String) -> String { SiteURLs.relative(from: page, to: path) }
        if isImage {
            return imagePaths.contains(resolved) ? to(Self.publishedFilePath(resolved)) : nil
        }
        if let documentPage = urls.document(resolved) { return to(documentPage) + anchor }
        if let readme = analysis.index.links.document(at: resolved), readme.kind == .serviceReadme,
           let id = readme.serviceID, let service = analysis.index[id]?.service {
            let section = fragment.flatMap { $0.isEmpty ? nil : Self.readmeAnchorPrefix + $0 } ?? "readme"
            return to(SiteURLs.service(service)) + "#" + section
        }
        if let folder = docs[DocsTree.parent(of: resolved)],
           let diagram = folder.diagrams.first(where: { $0.path == resolved }) {
            return to(folder.page) + "#" + Self.diagramID(diagram.path)
        }
        if let folder = docs[resolved] { return to(folder.page) + anchor }
        if let service = analysis.index[resolved]?.service { return to(SiteURLs.service(service)) + anchor }
        if let source = urls.source(resolved) { return to(source) + anchor }
        return nil
    }

    /// Docs › folders down to the page's folder, each linking to its index page; the last crumb
    /// is the page itself. A folder's own page does not link to itself.
    func docsBreadcrumbs(folder: String, current: String, isFolderPage: Bool) -> [(String, String?)] {
        var chain = docs.chain(to: folder)
        if isFolderPage, !chain.isEmpty { chain.removeLast() }
        var crumbs: [(String, String?)] = []
        if chain.first?.path != DocsTree.docsRoot, !(isFolderPage && folder == DocsTree.docsRoot) {
            crumbs.append(("Docs", DocsTree.page(ofFolder: DocsTree.docsRoot)))
        }
        crumbs += chain.map { ($0.name, $0.page) }
        crumbs.append((current, nil))
        return crumbs
    }

    /// The side navigation: the path to the page, with each folder on it open (its documents and
    /// subfolders), every other folder a link to its index page with a count, and long folders
    /// cut to the documents around the current one. So a page's navigation grows with the depth
    /// and width of its own path, not with the whole tree. Built as HTML here (escaped) because
    /// it recurses.
    func docsNavigationHTML(page: String, currentFolder: String) -> SafeHTML {
        let onPath = Set(docs.chain(to: currentFolder).map(\.path))
        var html = "<details class=\"docs-nav\" open data-docs-nav><summary>All documents</summary>\n"
        html += "<nav aria-label=\"Documents\"><ul class=\"docs-tree\">\n"
        if let root = docs[DocsTree.docsRoot] {
            html += navigationItem(title: root.title, target: root.page, page: page)
            html += navigationEntries(root, page: page, onPath: onPath)
        }
        if let repoRoot = docs[DocsTree.repoRoot] {
            html += navigationFolder(repoRoot, page: page, onPath: onPath, label: "Elsewhere in the repo")
        }
        html += "</ul></nav>\n</details>"
        return .built(html)
    }

    /// Documents a folder lists in the navigation before the rest are left to its index page.
    static let navigationWindow = 8

    private func navigationEntries(_ folder: DocsTree.Folder, page: String, onPath: Set<String>) -> String {
        var html = ""
        // Only the window is looked at: the page's position in its folder comes from the tree.
        let documents = folder.documents
        var shown = documents[...]
        if documents.count > Self.navigationWindow {
            // Around the current page when it is here, else the first ones.
            let current = docs.position(ofPage: page, in: folder.path) ?? 0
            let start = max(0, min(current - Self.navigationWindow / 2, documents.count - Self.navigationWindow))
            shown = documents[start..<(start + Self.navigationWindow)]
        }
        for document in shown {
            if let target = urls.document(document.path) { html += navigationItem(title: document.title, target: target, page: page) }
        }
        if shown.count < documents.count {
            html += "<li class=\"docs-more\"><a href=\"\(HTML.escape(SiteURLs.relative(from: page, to: folder.page)))\">"
            html += "all \(documents.count) in \(HTML.escape(folder.path.isEmpty ? "this folder" : folder.name))</a></li>\n"
        }
        for path in folder.subfolders {
            if let subfolder = docs[path] { html += navigationFolder(subfolder, page: page, onPath: onPath, label: subfolder.name) }
        }
        return html
    }

    private func navigationItem(title: String, target: String, page: String) -> String {
        let current = target == page ? " aria-current=\"page\"" : ""
        return "<li><a href=\"\(HTML.escape(SiteURLs.relative(from: page, to: target)))\"\(current)>\(HTML.escape(title))</a></li>\n"
    }

    private func navigationFolder(_ folder: DocsTree.Folder, page: String, onPath: Set<String>, label: String) -> String {
        // A folder holding only its README is a page, not something to unfold.
        if folder.documents.isEmpty, folder.subfolders.isEmpty {
            return navigationItem(title: label, target: folder.page, page: page)
        }
        let current = folder.page == page ? " aria-current=\"page\"" : ""
        // A folder off the page's path is a link to its index page, not a copy of its tree.
        guard onPath.contains(folder.path) else {
            return "<li class=\"docs-folder\"><a href=\"\(HTML.escape(SiteURLs.relative(from: page, to: folder.page)))\"\(current)>"
                + "\(HTML.escape(label))</a> <span class=\"count\">\(docs.documentCount(below: folder.path))</span></li>\n"
        }
        var html = "<li class=\"docs-folder\"><details open><summary><a href=\""
        html += HTML.escape(SiteURLs.relative(from: page, to: folder.page)) + "\"\(current)>\(HTML.escape(label))</a>"
        html += " <span class=\"count\">\(docs.documentCount(below: folder.path))</span></summary>\n<ul>\n"
        html += navigationEntries(folder, page: page, onPath: onPath)
        html += "</ul></details></li>\n"
        return html
    }

    /// What a folder's index shows: its documents, subfolders and diagrams.
    func folderContext(_ folder: DocsTree.Folder, page: String) -> [String: Any] {
        let documents: [[String: Any]] = folder.documents.compactMap { document in
            guard let target = urls.document(document.path) else { return nil }
            return ["title": document.title, "kind": document.kind.rawValue, "path": document.path,
                    "url": SiteURLs.relative(from: page, to: target),
                    "updated": repository.history[document.path]?.day as Any]
        }
        var subfolders = folder.subfolders.compactMap { docs[$0] }.map { subfolderContext($0, page: page) }
        // The docs home also leads to the Markdown kept elsewhere in the repo.
        if folder.path == DocsTree.docsRoot, let repoRoot = docs[DocsTree.repoRoot] {
            subfolders.append(subfolderContext(repoRoot, page: page))
        }
        let diagrams = folder.diagrams.map { diagramContext($0, page: page) }
        return ["documents": documents, "subfolders": subfolders, "diagrams": diagrams,
                "hasDocuments": !documents.isEmpty, "hasSubfolders": !subfolders.isEmpty, "hasDiagrams": !diagrams.isEmpty,
                "hasListing": !documents.isEmpty || !subfolders.isEmpty, "name": folder.name]
    }

    func subfolderContext(_ folder: DocsTree.Folder, page: String) -> [String: Any] {
        ["title": folder.path.isEmpty ? "Elsewhere in the repo" : folder.title,
         "url": SiteURLs.relative(from: page, to: folder.page), "count": docs.documentCount(below: folder.path),
         "path": folder.path.isEmpty ? "Markdown outside docs/" : folder.path + "/"]
    }

    /// "Last updated <day> by <author>", linking the commit on the forge when `repo_url` is set.
    func lastUpdatedContext(_ revision: FileRevision?) -> [String: Any]? {
        guard let revision else { return nil }
        var context: [String: Any] = ["day": revision.day, "date": revision.date, "author": revision.author,
                                      "commit": String(revision.commit.prefix(10))]
        if let repoURL = repository.config.repoURL {
            let path = repoURL.contains("gitlab") ? "/-/commit/" : "/commit/"
            context["commitURL"] = repoURL + path + revision.commit
        }
        return context
    }

    /// Values the docs section adds to a service page (rendered by `partials/service-docs`):
    /// the newest change to any of the service's files.
    func docsServiceContext(_ service: Service, page: String) -> [String: Any] {
        let newest = FileRevision.newest(service.files.compactMap { repository.history[$0] })
        return ["lastUpdated": lastUpdatedContext(newest) as Any]
    }
}
