import AlmanacAnalysis
import AlmanacModel
import CMark
import Foundation

extension SiteBuilder {
    /// `alerts/index.html`: every alert with its severity, service and runbook, filterable.
    func alertIndexPage() throws -> Page {
        let page = "alerts/index.html"
        let alerts = analysis.knowledge.alerts
        let rows = alerts.map { alert -> [String: Any] in
            var row = alertRow(alert, from: page)
            row["filter"] = [(alert.severity ?? "none").lowercased(), alert.hasRunbook ? "" : "no-runbook"]
                .filter { !$0.isEmpty }.joined(separator: " ")
            return row
        }
        var severities: [String: Int] = [:]
        for alert in alerts { severities[(alert.severity ?? "none").lowercased(), default: 0] += 1 }
        var filters: [[String: Any]] = severities.keys.sorted { (Self.severityRank($0), $0) < (Self.severityRank($1), $1) }
            .map { ["value": $0, "label": $0, "count": severities[$0]!] }
        let missing = alerts.filter { !$0.hasRunbook }.count
        if missing > 0 { filters.append(["value": "no-runbook", "label": "no runbook", "count": missing]) }
        let base = repository.config.baseURL ?? "https://docs.example.com/"
        var context = layout(page: page, title: "Alerts", section: "alerts",
                             breadcrumbs: [("Home", "index.html"), ("Alerts", nil)])
        context = context.merging([
            "rows": rows, "total": alerts.count, "missing": missing, "filters": filters,
            "template": "\(base)alerts/{{ $labels.alertname }}/",
        ])
        return try render("alerts", page: page, context)
    }

    static func severityRank(_ severity: String) -> Int {
        ["critical": 0, "error": 1, "high": 1, "warning": 2, "medium": 2, "info": 3, "low": 3, "none": 5][severity] ?? 4
    }

    /// `alerts/<AlertName>/index.html`: the stable page a `runbook_url` can point at. It shows the
    /// runbook section about the alert right there and links to it; with no runbook yet it says
    /// so and lists related runbooks.
    func alertPage(_ alert: AlertEntry) throws -> Page {
        let page = Self.alertPagePath(alert.name)
        var context = layout(page: page, title: alert.name, section: "alerts",
                             breadcrumbs: [("Alerts", "alerts/index.html"), (alert.name, nil)])
        let definitions: [[String: Any]] = alert.definitions.map { definition in
            let rule = definition.rule
            var context: [String: Any] = [
                "expr": rule.expression, "for": rule.duration ?? "", "severity": rule.severity ?? "",
                "summary": rule.summary ?? "", "description": rule.description ?? "", "group": rule.group,
                "rule": rule.rule.name, "place": "\(rule.location.path):\(rule.location.line)",
                "runbookURL": rule.runbookURL ?? "", "problem": definition.runbookURLProblem ?? "",
            ]
            if let source = urls.source(rule.location) { context["url"] = SiteURLs.relative(from: page, to: source) }
            return context
        }
        var runbookContext: [String: Any]?
        if let link = alert.runbook, let document = repository.documents.first(where: { $0.path == link.path }) {
            runbookContext = [
                "title": document.title, "section": link.section ?? "",
                "url": documentURL(link.path, anchor: link.anchor, from: page) ?? "",
                "pageURL": documentURL(link.path, from: page) ?? "",
                "source": link.source.rawValue,
                "html": link.anchor.flatMap { sectionHTML(document, anchor: $0, page: page) }.map(SafeHTML.renderedMarkdown) as Any,
            ]
        }
        let related = alert.relatedRunbooks.compactMap { analysis.knowledge.runbook(at: $0)?.runbook }
            .map { runbookLink($0, from: page) }
        let base = repository.config.baseURL ?? ""
        context = context.merging([
            "alert": [
                "name": alert.name, "severity": alert.severity ?? "", "summary": alert.definitions.first?.rule.summary ?? "",
                "services": serviceLinks(alert.serviceIDs, from: page),
            ] as [String: Any],
            "definitions": definitions, "multiple": definitions.count > 1,
            "runbook": runbookContext as Any,
            "external": alert.externalRunbook ?? "",
            "noRunbook": !alert.hasRunbook,
            "related": related, "hasRelated": !related.isEmpty,
            "snippet": "---\ntitle: \(alert.name)\nalerts:\n  - \(alert.name)\nservices:\n"
                + alert.serviceIDs.compactMap { analysis.index[$0]?.service.name }.map { "  - \($0)\n" }.joined()
                + "severity: \(alert.severity ?? "warning")\nowner: \nlast_reviewed: \(analysis.knowledge.referenceDate ?? "YYYY-MM-DD")\n---\n\n# \(alert.name)\n\n## \(alert.name)\n\n### Diagnose\n\n### Recover\n\n### Verify\n",
            "stableURL": "\(base)alerts/\(alert.name)/",
            "indexURL": SiteURLs.relative(from: page, to: "alerts/index.html"),
        ])
        return try render("alert", page: page, context)
    }

    /// The HTML of the section of `document` under the heading with `anchor`, up to the next
    /// heading of the same or a higher level, with links rewritten for `page`.
    func sectionHTML(_ document: Document, anchor: String, page: String) -> String? {
        let headings = document.headings
        guard let index = headings.firstIndex(where: { $0.id == anchor }) else { return nil }
        // Find the heading lines in the body (ATX, outside fences), in the same order as the outline.
        var lines = document.body.split(separator: "\n", omittingEmptySubsequences: false)
        var headingLines: [(line: Int, level: Int)] = []
        var fence: Character?
        for (number, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            if let first = trimmed.first, (first == "`" || first == "~"), trimmed.prefix(3).allSatisfy({ $0 == first }) {
                fence = fence == nil ? first : (fence == first ? nil : fence)
                continue
            }
            guard fence == nil else { continue }
            let hashes = trimmed.prefix { $0 == "#" }.count
            if (1...6).contains(hashes), trimmed.dropFirst(hashes).first == " " || trimmed.count == hashes {
                headingLines.append((number, hashes))
            }
        }
        guard headingLines.count == headings.count else { return nil }
        let start = headingLines[index]
        let end = headingLines[(index + 1)...].first { $0.level <= start.level }?.line ?? lines.count
        lines = Array(lines[(start.line + 1)..<end])
        // Links resolve from the runbook's own path; in-page anchors point back into the runbook.
        let runbookPage = documentURL(document.path, from: page)
        let html = MarkdownRenderer.render(lines.joined(separator: "\n")) { url, isImage in
            if isImage { return nil }
            if url.hasPrefix("#") { return runbookPage.map { $0 + url } }
            return docsLink(url, isImage: false, from: document.path, page: page)
        }.html
        return html.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : html
    }
}
