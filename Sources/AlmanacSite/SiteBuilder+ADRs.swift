import AlmanacAnalysis
import AlmanacModel
import Foundation
import Graphviz

extension SiteBuilder {
    /// `adrs/index.html`: every record with number, title, status, date and decision makers,
    /// filterable by status, and the graph of links between records.
    func adrIndexPage() throws -> Page {
        let page = "adrs/index.html"
        let entries = analysis.knowledge.adrs
        let rows: [[String: Any]] = entries.map { entry in
            let adr = entry.adr
            return [
                "number": adr.number.map(String.init) ?? "—", "label": adr.label, "title": adr.title,
                "url": documentURL(adr.path, from: page) ?? "", "status": adr.status?.name ?? "no status",
                "statusClass": Self.statusClass(adr.status), "date": adr.date ?? "—",
                "makers": adr.decisionMakers.joined(separator: ", "), "format": adr.format.rawValue,
                "links": entry.links.map { link in
                    ["kind": link.kind.rawValue.lowercased(), "number": link.number.map(String.init) ?? "?",
                     "url": link.path.flatMap { documentURL($0, from: page) } ?? "", "missing": link.path == nil] as [String: Any]
                },
            ]
        }
        var counts: [String: (label: String, count: Int)] = [:]
        for entry in entries {
            let key = Self.statusClass(entry.adr.status)
            let label = entry.adr.status?.name ?? "no status"
            counts[key] = (key == "other" ? "other" : label, (counts[key]?.count ?? 0) + 1)
        }
        let order = ADRStatus.known.map(\.name) + ["other", "none"]
        let filters: [[String: Any]] = order.compactMap { key in
            counts[key].map { ["value": key, "label": $0.label, "count": $0.count] }
        }
        var context = layout(page: page, title: "Architecture decisions", section: "adrs",
                             breadcrumbs: [("Home", "index.html"), ("ADRs", nil)])
        var graph: SafeHTML?
        var graphError: String?
        do { graph = try adrGraphSVG(from: page) } catch { graphError = "\(error)" }
        context = context.merging([
            "rows": rows, "total": entries.count, "filters": filters,
            "graph": graph as Any, "graphError": graphError as Any,
        ])
        return try render("adrs", page: page, context)
    }

    /// The DOT text of the ADR link graph: supersede (solid), amend (dashed) and plain links
    /// (dotted) between records; records that do not exist are drawn dashed in red.
    func adrGraphDOT(from page: String) -> String {
        let entries = analysis.knowledge.adrs
        var lines = [
            "digraph adrs {",
            "  graph [rankdir=TB, bgcolor=\"transparent\", fontname=\"Helvetica\", nodesep=0.2, ranksep=0.45, pad=0.1];",
            "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, color=\"#94a3b8\", fillcolor=\"#f8fafc\", fontcolor=\"#0f172a\", margin=\"0.12,0.05\"];",
            "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#475569\", fontcolor=\"#475569\", arrowsize=0.7];",
        ]
        let fill: [String: String] = ["accepted": "#dcfce7", "proposed": "#e0f2fe", "rejected": "#fee2e2",
                                      "deprecated": "#fef3c7", "superseded": "#e5e7eb"]
        func id(_ path: String) -> String { "\"" + GraphvizRenderer.escape(path) + "\"" }
        var missing = Set<Int>()
        var edges: [String] = []
        for entry in entries {
            let adr = entry.adr
            let title = Self.wrapped(adr.title, width: 30, lines: 2).map(GraphvizRenderer.escape).joined(separator: "\\n")
            let url = documentURL(adr.path, from: page) ?? ""
            let status = adr.status?.name ?? "no status"
            lines.append("  \(id(adr.path)) [label=\"\(GraphvizRenderer.escape(adr.label))\\n\(title)\", "
                + "URL=\"\(GraphvizRenderer.escape(url))\", tooltip=\"\(GraphvizRenderer.escape("\(adr.label) \(adr.title) (\(status))"))\", "
                + "fillcolor=\"\(fill[Self.statusClass(adr.status)] ?? "#f8fafc")\"];")
            for link in entry.links where !link.derived && (link.kind == .supersededBy || link.kind == .amendedBy || link.kind == .supersedes || link.kind == .amends) {
                let other = link.path.map(id) ?? "\"missing-\(link.number.map(String.init) ?? "?")\""
                if link.path == nil, let number = link.number { missing.insert(number) }
                // Edges point from the newer record to the one it supersedes or amends.
                switch link.kind {
                case .supersedes: edges.append("  \(id(adr.path)) -> \(other) [label=\"supersedes\"];")
                case .supersededBy: edges.append("  \(other) -> \(id(adr.path)) [label=\"supersedes\"];")
                case .amends: edges.append("  \(id(adr.path)) -> \(other) [label=\"amends\", style=dashed];")
                case .amendedBy: edges.append("  \(other) -> \(id(adr.path)) [label=\"amends\", style=dashed];")
                }
            }
            for reference in entry.references {
                edges.append("  \(id(adr.path)) -> \(id(reference)) [style=dotted, color=\"#94a3b8\", arrowhead=vee];")
            }
        }
        for number in missing.sorted() {
            let label = ADR(path: "", number: number, title: "", format: .nygard).label
            lines.append("  \"missing-\(number)\" [label=\"\(label)\\n(does not exist)\", style=\"rounded,dashed\", color=\"#b91c1c\", fontcolor=\"#b91c1c\", fillcolor=\"#ffffff\"];")
        }
        var seen = Set<String>()
        lines += edges.filter { seen.insert($0).inserted }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Words of `text` in at most `lines` lines of about `width` characters, the last one cut with "…".
    static func wrapped(_ text: String, width: Int, lines: Int) -> [String] {
        var result: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > width {
                result.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { result.append(current) }
        guard result.count > lines else { return result }
        var kept = Array(result.prefix(lines))
        let last = kept[lines - 1]
        kept[lines - 1] = (last.count > width - 1 ? String(last.prefix(width - 1)) : last) + "…"
        return kept
    }

    /// The graph as inline SVG (unclustered, so Graphviz lays it out the same way every time).
    func adrGraphSVG(from page: String) throws -> SafeHTML {
        .sanitizedSVG(try GraphvizRenderer.svg(dot: adrGraphDOT(from: page)))
    }

    /// The panel on an ADR's own page: status, date, decision makers, chosen option, the
    /// supersede/amend chain in both directions, and the services it mentions.
    func adrPanel(_ entry: KnowledgeBase.ADREntry, from page: String) -> [String: Any] {
        let adr = entry.adr
        let knowledge = analysis.knowledge
        let links: [[String: Any]] = entry.links.map { link in
            let other = link.path.flatMap { knowledge.adr(at: $0)?.adr }
            let label = other?.label ?? ADR(path: "", number: link.number, title: "", format: .nygard).label
            return ["kind": link.kind.rawValue, "label": link.number == nil ? "an unnamed record" : label,
                    "title": other?.title ?? "", "url": link.path.flatMap { documentURL($0, from: page) } ?? "",
                    "missing": link.path == nil, "derived": link.derived]
        }
        // The whole supersede chain, oldest first, through this record.
        var chain: [ADR] = [adr]
        func next(_ record: ADR, _ kind: ADRRelation.Kind) -> ADR? {
            knowledge.adr(at: record.path)?.links.first { $0.kind == kind && $0.path != nil }
                .flatMap { knowledge.adr(at: $0.path!)?.adr }
        }
        while let older = next(chain[0], .supersedes), !chain.contains(older), chain.count < 50 { chain.insert(older, at: 0) }
        while let newer = next(chain[chain.count - 1], .supersededBy), !chain.contains(newer), chain.count < 50 { chain.append(newer) }
        let isProposed = adr.status == .proposed
        return [
            "status": adr.status?.name ?? "no status", "statusClass": Self.statusClass(adr.status),
            "date": adr.date ?? "", "makers": adr.decisionMakers.joined(separator: ", "), "format": adr.format.rawValue,
            "chosen": adr.chosenOption ?? "", "chosenLabel": isProposed ? "Proposed option" : "Chosen option",
            "links": links, "hasLinks": !links.isEmpty,
            "chain": chain.count > 1 ? chain.map { record -> [String: Any] in
                ["label": record.label, "title": record.title, "current": record.path == adr.path,
                 "url": documentURL(record.path, from: page) ?? ""]
            } : [[String: Any]](),
            "hasChain": chain.count > 1,
            "services": serviceLinks(entry.serviceIDs, from: page), "hasServices": !entry.serviceIDs.isEmpty,
            "indexURL": SiteURLs.relative(from: page, to: "adrs/index.html"),
        ]
    }
}
