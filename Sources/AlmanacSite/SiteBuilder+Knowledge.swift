import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entries for the ADR, runbook and alert pages; sections without content are hidden.
    var knowledgeNavItems: [NavItem] {
        var items: [NavItem] = []
        let knowledge = analysis.knowledge
        if !knowledge.adrs.isEmpty { items.append(NavItem(title: "ADRs", path: "adrs/index.html", section: "adrs")) }
        if !knowledge.runbooks.isEmpty { items.append(NavItem(title: "Runbooks", path: "runbooks/index.html", section: "runbooks")) }
        if !knowledge.alerts.isEmpty { items.append(NavItem(title: "Alerts", path: "alerts/index.html", section: "alerts")) }
        return items
    }

    /// The ADR, runbook and alert pages. ADR and runbook pages themselves are the documents'
    /// own pages (one canonical page each), enriched through `knowledgeDocumentContext`.
    func knowledgePages() throws -> [Page] {
        let knowledge = analysis.knowledge
        var pages: [Page] = []
        if !knowledge.adrs.isEmpty { pages.append(try adrIndexPage()) }
        if !knowledge.runbooks.isEmpty { pages.append(try runbookIndexPage()) }
        if !knowledge.alerts.isEmpty {
            pages.append(try alertIndexPage())
            pages += try Parallel.map(knowledge.alerts) { try alertPage($0) }
        }
        return pages
    }

    /// Values this section adds to a service page (rendered by `partials/service-knowledge`).
    func knowledgeServiceContext(_ service: Service, page: String) -> [String: Any] {
        let knowledge = analysis.knowledge
        let alerts = knowledge.alerts(for: service.id).map { alertRow($0, from: page) }
        let runbooks = knowledge.runbooks(for: service.id).map { runbookLink($0.runbook, from: page) }
        let adrs = knowledge.adrs(mentioning: service.id).map { adrLink($0.adr, from: page) }
        guard !alerts.isEmpty || !runbooks.isEmpty || !adrs.isEmpty else { return [:] }
        return ["knowledge": [
            "alerts": alerts, "hasAlerts": !alerts.isEmpty,
            "runbooks": runbooks, "hasRunbooks": !runbooks.isEmpty,
            "adrs": adrs, "hasADRs": !adrs.isEmpty,
        ] as [String: Any]]
    }

    /// Values an ADR's or runbook's own document page adds (rendered by `partials/document-knowledge`).
    func knowledgeDocumentContext(_ document: Document, page: String) -> [String: Any] {
        if let entry = analysis.knowledge.adr(at: document.path) { return ["adr": adrPanel(entry, from: page)] }
        if let entry = analysis.knowledge.runbook(at: document.path) {
            // The panel shows every runbook key with links, so the plain list would only repeat it.
            let shown: Set<String> = ["title", "alerts", "alert", "services", "service", "severity", "owner", "owners",
                                      "last_reviewed", "last-reviewed", "lastReviewed", "reviewed"]
            let repeatsOnly = document.frontMatter.entries.allSatisfy { shown.contains($0.key) }
            return ["runbook": runbookPanel(entry, from: page), "hasFrontMatter": !repeatsOnly]
        }
        return [:]
    }

    // MARK: Shared pieces

    /// `alerts/<AlertName>/index.html`: the exact name, so `…/alerts/{{ $labels.alertname }}/`
    /// works; names with characters unsafe in a path fall back to a slug.
    static func alertPagePath(_ name: String) -> String {
        let safe = !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_:.-".contains($0)) }
            && name != "." && name != ".." && name != "index.html"
        return "alerts/\(safe ? name : DocumentPagePath.segment(name))/index.html"
    }

    func documentURL(_ path: String, anchor: String? = nil, from page: String) -> String? {
        urls.document(path).map { SiteURLs.relative(from: page, to: $0) + (anchor.map { "#\($0)" } ?? "") }
    }

    func serviceLinks(_ ids: [String], from page: String) -> [[String: Any]] {
        ids.compactMap { analysis.index[$0]?.service }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }.map { service in
            ["name": service.name, "url": SiteURLs.relative(from: page, to: SiteURLs.service(service))]
        }
    }

    func adrLink(_ adr: ADR, from page: String) -> [String: Any] {
        ["label": adr.label, "title": adr.title, "url": documentURL(adr.path, from: page) ?? "",
         "status": adr.status?.name ?? "no status", "statusClass": Self.statusClass(adr.status)]
    }

    func runbookLink(_ runbook: Runbook, from page: String) -> [String: Any] {
        ["title": runbook.title, "url": documentURL(runbook.path, from: page) ?? "", "path": runbook.path]
    }

    static func statusClass(_ status: ADRStatus?) -> String {
        guard let status else { return "none" }
        if case .other = status { return "other" }
        return status.name
    }

    /// One alert as a row: its page, severity, and where its runbook is.
    func alertRow(_ alert: AlertEntry, from page: String) -> [String: Any] {
        var row: [String: Any] = [
            "name": alert.name, "url": SiteURLs.relative(from: page, to: Self.alertPagePath(alert.name)),
            "severity": alert.severity ?? "none", "summary": alert.definitions.first?.rule.summary ?? "",
            "for": alert.definitions.first?.rule.duration ?? "",
            "services": serviceLinks(alert.serviceIDs, from: page),
            "hasRunbook": alert.hasRunbook, "brokenURL": alert.definitions.contains { $0.runbookURLProblem != nil },
        ]
        if let runbook = alert.runbook, let title = analysis.knowledge.runbook(at: runbook.path)?.runbook.title
            ?? repository.documents.first(where: { $0.path == runbook.path })?.title {
            row["runbook"] = ["title": title, "section": runbook.section ?? "",
                              "url": documentURL(runbook.path, anchor: runbook.anchor, from: page) ?? ""] as [String: Any]
        } else if let external = alert.externalRunbook {
            row["external"] = external
        }
        return row
    }
}
