import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Where a repo file that documents show or offer for download is copied:
    /// `assets/files/<repo path>`.
    static func publishedFilePath(_ path: String) -> String { "assets/files/" + path }

    /// The element id of a diagram's figure on its folder page (`diagram-gitops-flow-dot`).
    static func diagramID(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent.lowercased()
        return "diagram-" + String(name.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    enum DiagramKind: String {
        case graphviz = "Graphviz", svg = "SVG", plantUML = "PlantUML", mermaid = "Mermaid"

        init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "dot", "gv": self = .graphviz
            case "svg": self = .svg
            case "puml", "plantuml": self = .plantUML
            case "mermaid", "mmd": self = .mermaid
            default: return nil
            }
        }
    }

    /// One diagram file as its folder page shows it: Graphviz rendered inline, SVG as an image
    /// (where no script can run), PlantUML and Mermaid as their source with a download link.
    func diagramContext(_ file: SourceFile, page: String) -> [String: Any] {
        let name = (file.path as NSString).lastPathComponent
        var context: [String: Any] = ["id": Self.diagramID(file.path), "name": name, "path": file.path]
        if let source = urls.source(file.path) { context["sourceURL"] = SiteURLs.relative(from: page, to: source) }
        let published = isPublished(file)
        if published { context["downloadURL"] = SiteURLs.relative(from: page, to: Self.publishedFilePath(file.path)) }
        guard let kind = DiagramKind(path: file.path) else { return context }
        context["kind"] = kind.rawValue
        switch kind {
        case .graphviz:
            context["svgHTML"] = SafeHTML.built(diagramHTML(dot: file.publishableText ?? "", caption: nil, id: nil))
            context["fullSizeURL"] = SiteURLs.relative(from: page, to: Self.publishedFilePath(file.path) + ".svg")
        case .svg:
            if published {
                context["imageURL"] = context["downloadURL"]
            } else {
                context["withheld"] = "This SVG is not published: it contains script or links that could run script."
            }
        case .plantUML, .mermaid:
            context["sourceText"] = file.publishableText ?? ""
            context["renderHint"] = kind == .plantUML ? "plantuml -tsvg \(name)" : "mmdc -i \(name) -o diagram.svg"
        }
        return context
    }

    /// A DOT graph as inline SVG in a figure, or — when Graphviz rejects it — the error and the
    /// source, so the page still says what the diagram was meant to be.
    func diagramHTML(dot: String, caption: String?, id: String?) -> String {
        let idAttribute = id.map { " id=\"\(HTML.escape($0))\"" } ?? ""
        do {
            let svg = try DocsDiagramRenderer.svg(dot: dot, layoutSeconds: repository.config.limits.diagramSeconds)
            var html = "<figure class=\"diagram\"\(idAttribute)><div class=\"diagram-svg\">\(svg)</div>"
            if let caption { html += "<figcaption>\(HTML.escape(caption))</figcaption>" }
            return html + "</figure>"
        } catch {
            return "<div class=\"diagram-error\"\(idAttribute)><p><strong>Graphviz could not render this diagram:</strong> "
                + HTML.escape("\(error)") + "</p><div class=\"code-block\"><span class=\"code-lang\">dot</span><pre><code>"
                + HTML.escape(dot) + "</code></pre></div></div>"
        }
    }

    /// The full-size SVG of each Graphviz diagram file under docs/ (`…/gitops-flow.dot.svg`), for
    /// readers who want to zoom; laid out again rather than cached, as it costs milliseconds.
    func renderedDiagramFiles() -> [Page] {
        docs.allFolders.flatMap(\.diagrams).filter { DiagramKind(path: $0.path) == .graphviz }.compactMap { file in
            guard let svg = try? DocsDiagramRenderer.svg(dot: file.publishableText ?? "",
                                                         layoutSeconds: repository.config.limits.diagramSeconds) else { return nil }
            return Page(path: Self.publishedFilePath(file.path) + ".svg",
                        text: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg)
        }
    }

    /// Whether `publishedFiles()` copies this diagram file: text diagrams always, SVGs only when safe.
    func isPublished(_ file: SourceFile) -> Bool {
        DiagramKind(path: file.path) == .svg ? imagePaths.contains(file.path)
            : file.publishableText != nil
    }

    /// Copies of the images documents show and of the diagram files under docs/ (for download),
    /// at `assets/files/<repo path>`. Nothing else of the repo is copied; SVGs only when the scan
    /// found them free of script.
    func publishedFiles() -> [Page] {
        var pages: [String: Page] = [:]
        for image in repository.documentImages {
            pages[image.path] = Page(path: Self.publishedFilePath(image.path), data: image.data)
        }
        for folder in docs.allFolders {
            for diagram in folder.diagrams where DiagramKind(path: diagram.path) != .svg {
                guard let text = diagram.publishableText, pages[diagram.path] == nil else { continue }
                pages[diagram.path] = Page(path: Self.publishedFilePath(diagram.path), text: text)
            }
        }
        return pages.keys.sorted().compactMap { pages[$0] }
    }
}
