import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// `runbooks/index.html`: every runbook, then the same by service and by alert.
    func runbookIndexPage() throws -> Page {
        let page = "runbooks/index.html"
        let knowledge = analysis.knowledge
        let rows: [[String: Any]] = knowledge.runbooks.map { entry in
            let runbook = entry.runbook
            return [
                "title": runbook.title, "url": documentURL(runbook.path, from: page) ?? "", "path": runbook.path,
                "alerts": entry.alertNames.map { name in
                    ["name": name, "url": SiteURLs.relative(from: page, to: Self.alertPagePath(name))]
                },
                "services": serviceLinks(entry.serviceIDs, from: page),
                "severity": runbook.severity ?? "", "owner": runbook.owner ?? "",
                "reviewed": runbook.lastReviewed ?? "", "stale": entry.isStale,
                "inferred": runbook.alertsEvidence == .text,
            ]
        }
        var byService: [[String: Any]] = []
        for service in analysis.index.services {
            let runbooks = knowledge.runbooks(for: service.id)
            guard !runbooks.isEmpty else { continue }
            byService.append(["name": service.name, "url": SiteURLs.relative(from: page, to: SiteURLs.service(service)),
                              "runbooks": runbooks.map { runbookLink($0.runbook, from: page) }])
        }
        let byAlert = knowledge.alerts.map { alertRow($0, from: page) }
        var context = layout(page: page, title: "Runbooks", section: "runbooks",
                             breadcrumbs: [("Home", "index.html"), ("Runbooks", nil)])
        context = context.merging([
            "rows": rows, "total": rows.count, "byService": byService, "byAlert": byAlert,
            "covered": knowledge.alerts.filter(\.hasRunbook).count, "alertCount": knowledge.alerts.count,
            "referenceDate": knowledge.referenceDate ?? "",
            "maxAge": repository.config.runbookMaxReviewAgeDays,
        ])
        return try render("runbooks", page: page, context)
    }

    /// The panel on a runbook's own page: the alerts it covers (each linking to its alert page),
    /// its services, severity, owner and review date.
    func runbookPanel(_ entry: KnowledgeBase.RunbookEntry, from page: String) -> [String: Any] {
        let runbook = entry.runbook
        var reviewed = runbook.lastReviewed ?? ""
        if let age = entry.reviewAgeDays, !reviewed.isEmpty { reviewed += age == 1 ? " (1 day ago)" : " (\(age) days ago)" }
        return [
            "alerts": entry.alertNames.map { name -> [String: Any] in
                let section = runbook.section(about: name)?.anchor
                return ["name": name, "url": SiteURLs.relative(from: page, to: Self.alertPagePath(name)),
                        "anchor": section ?? ""]
            },
            "unknownAlerts": entry.unknownAlerts,
            "hasAlerts": !entry.alertNames.isEmpty || !entry.unknownAlerts.isEmpty,
            "services": serviceLinks(entry.serviceIDs, from: page), "hasServices": !entry.serviceIDs.isEmpty,
            "severity": runbook.severity ?? "", "owner": runbook.owner ?? "", "reviewed": reviewed, "stale": entry.isStale,
            "inferred": runbook.alertsEvidence == .text && !entry.alertNames.isEmpty,
            "indexURL": SiteURLs.relative(from: page, to: "runbooks/index.html"),
        ]
    }
}
