import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entries for the scorecard and, when the repo has any, the environments page.
    var scorecardNavItems: [NavItem] {
        var items = [NavItem(title: "Scorecard", path: "scorecard/index.html", section: "scorecard")]
        if !repository.environments.isEmpty {
            items.append(NavItem(title: "Environments", path: "environments/index.html", section: "environments"))
        }
        return items
    }

    /// The scorecard and environments pages.
    func scorecardPages() throws -> [Page] {
        var pages = [try scorecardPage()]
        if !repository.environments.isEmpty { pages.append(try environmentsPage()) }
        return pages
    }

    /// Values this section adds to a service page (rendered by `partials/service-scorecard`).
    func scorecardServiceContext(_ service: Service, page: String) -> [String: Any] {
        guard let row = analysis.scorecard.row(serviceID: service.id) else { return [:] }
        let failing = row.failures
        return [
            "scorecard": [
                "cells": row.cells.map { scorecardCellContext($0, from: page) },
                "summary": failing == 0 ? "meets every rule that applies" : "\(failing) of \(row.cells.count) rules failing",
                "failing": failing > 0,
                "matrixURL": SiteURLs.relative(from: page, to: "scorecard/index.html") + "#\(SiteBuilder.anchor(service.id))",
            ] as [String: Any],
        ]
    }

    func scorecardPage() throws -> Page {
        let page = "scorecard/index.html"
        let scorecard = analysis.scorecard
        let rules = scorecard.rules
        var categories: [[String: Any]] = []
        for rule in rules {
            if let last = categories.last, last["name"] as? String == rule.category {
                categories[categories.count - 1]["span"] = (last["span"] as? Int ?? 1) + 1
            } else {
                categories.append(["name": rule.category, "span": 1])
            }
        }
        let columns: [[String: Any]] = rules.map { rule in
            var counts: [String] = []
            for status in Scorecard.Status.allCases {
                let count = scorecard.count(status, for: rule)
                if count > 0 { counts.append("\(count) \(status.rawValue)") }
            }
            return [
                "id": rule.rawValue, "title": rule.title, "summary": rule.summary, "category": rule.category,
                "annotation": rule.annotation,
                "pass": scorecard.count(.pass, for: rule), "fail": scorecard.count(.fail, for: rule),
                "exempt": scorecard.count(.exempt, for: rule), "na": scorecard.count(.notApplicable, for: rule),
                "totals": counts.joined(separator: " · "), "failing": scorecard.count(.fail, for: rule) > 0,
            ]
        }
        let groups = Dictionary(grouping: scorecard.rows, by: \.service.category).sorted { $0.key < $1.key }
        let rowGroups: [[String: Any]] = groups.map { category, rows in
            [
                "name": category, "span": rules.count + 1,
                "failing": rows.contains { $0.failures > 0 },
                "rows": rows.map { row -> [String: Any] in
                    let url = SiteURLs.relative(from: page, to: SiteURLs.service(row.service))
                    return [
                        "name": row.service.name, "anchor": SiteBuilder.anchor(row.service.id), "url": url,
                        "failing": row.failures > 0, "failures": row.failures,
                        "cells": row.cells.map { cell -> [String: Any] in
                            [
                                "status": cell.status.rawValue, "class": Self.statusClass(cell.status),
                                "symbol": Self.statusSymbol(cell.status), "rule": cell.rule.title,
                                "title": "\(cell.rule.title): \(cell.status.rawValue) — \(cell.exemption.map { "\(cell.detail) · exempt: \($0.reason)" } ?? cell.detail)",
                                "url": url + "#scorecard-\(cell.rule.rawValue)",
                            ]
                        },
                    ]
                },
            ]
        }
        var failures: [[String: Any]] = []
        var exemptions: [[String: Any]] = []
        for row in scorecard.rows {
            let url = SiteURLs.relative(from: page, to: SiteURLs.service(row.service))
            for cell in row.cells {
                if cell.status == .fail {
                    failures.append([
                        "service": row.service.name, "url": url, "rule": cell.rule.title, "detail": cell.detail,
                        "evidence": cell.evidence.map { diagnosticContext($0, from: page) },
                    ])
                }
                if let exemption = cell.exemption {
                    exemptions.append([
                        "service": row.service.name, "url": url, "rule": cell.rule.title, "reason": exemption.reason,
                        "source": exemption.source, "status": cell.status.rawValue,
                        "unused": cell.status != .exempt,
                        "sourceURL": exemption.location.flatMap { urls.source($0) }.map { SiteURLs.relative(from: page, to: $0) } ?? "",
                    ])
                }
            }
        }
        let failingServices = scorecard.rows.filter { $0.failures > 0 }.count
        let context = layout(page: page, title: "Scorecard", section: "scorecard").merging([
            "total": scorecard.rows.count, "failingServices": failingServices,
            "passingServices": scorecard.rows.count - failingServices,
            "categories": categories, "columns": columns, "groups": rowGroups,
            "failures": failures, "hasFailures": !failures.isEmpty,
            "exemptions": exemptions, "hasExemptions": !exemptions.isEmpty,
        ])
        return try render("scorecard", page: page, context)
    }

    func scorecardCellContext(_ cell: Scorecard.Cell, from page: String) -> [String: Any] {
        var context: [String: Any] = [
            "id": cell.rule.rawValue, "rule": cell.rule.title, "summary": cell.rule.summary,
            "status": cell.status.rawValue, "class": Self.statusClass(cell.status), "symbol": Self.statusSymbol(cell.status),
            "detail": cell.detail,
            "evidence": cell.evidence.map { diagnosticContext($0, from: page) },
        ]
        if let exemption = cell.exemption {
            var entry: [String: Any] = ["reason": exemption.reason, "source": exemption.source, "unused": cell.status != .exempt]
            if let location = exemption.location, let url = urls.source(location) {
                entry["url"] = SiteURLs.relative(from: page, to: url)
            }
            context["exemption"] = entry
        }
        return context
    }

    static func statusClass(_ status: Scorecard.Status) -> String {
        status == .notApplicable ? "na" : status.rawValue
    }

    static func statusSymbol(_ status: Scorecard.Status) -> String {
        switch status {
        case .pass: "✓"
        case .fail: "✗"
        case .exempt: "–"
        case .notApplicable: "·"
        }
    }
}
