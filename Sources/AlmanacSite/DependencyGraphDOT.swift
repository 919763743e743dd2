import Foundation
import AlmanacAnalysis
import AlmanacModel
import Graphviz

/// DOT text for the dependency graph: the machine-readable whole (`graph.dot`) and the graphs the
/// pages render — a category summary, one graph per category, one neighbourhood per service.
///
/// Rendered graphs use no Graphviz clusters: in-process layouts of clustered graphs are not
/// reproducible, unclustered ones are. The taxonomy grouping comes from splitting instead — the
/// summary has one node per category, and each category has its own graph.
struct DependencyGraphDOT {
    let graph: DependencyGraph
    let services: [String: Service]

    init(graph: DependencyGraph, services: [Service]) {
        self.graph = graph
        self.services = Dictionary(services.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static let header = """
        graph [rankdir=LR, fontname="Helvetica", fontsize=10, bgcolor="transparent", nodesep=0.2, ranksep=0.5, pad=0.1];
        node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, height=0.3, margin="0.12,0.04", color="#7d8792", fontcolor="#1c2024"];
        edge [color="#7d8792", arrowsize=0.6, penwidth=1.1, fontname="Helvetica", fontsize=9, fontcolor="#5c6670"];
      """

    static func fill(_ tier: Tier) -> String {
        switch tier {
        case .core: "#d7e6f8"
        case .platform: "#dcf0dc"
        case .apps: "#f7ead2"
        }
    }

    static func tierClass(_ tier: Tier) -> String {
        switch tier {
        case .core: "tier-core"
        case .platform: "tier-platform"
        case .apps: "tier-apps"
        }
    }

    static func quoted(_ text: String) -> String { "\"\(GraphvizRenderer.escape(text))\"" }

    /// A node statement for a service; `link` is the URL relative to the rendering page.
    func node(_ id: String, link: String?, emphasis: Bool = false, foreign: Bool = false) -> String {
        let service = services[id]
        let name = service?.name ?? DependencyGraph.name(id)
        let tier = service?.tier ?? .apps
        var tooltip = "\(name) · \(service?.category ?? "") · \(tier.label)"
        if let summary = service?.summary { tooltip += " — \(summary)" }
        var attributes = ["label=\(Self.quoted(name))", "tooltip=\(Self.quoted(tooltip))",
                          "class=\(Self.quoted(Self.tierClass(tier) + (emphasis ? " focus" : "") + (foreign ? " foreign" : "")))"]
        if foreign {
            attributes.append("style=\"rounded,dashed\"")
            attributes.append("fillcolor=\"transparent\"")
        } else {
            attributes.append("fillcolor=\(Self.quoted(Self.fill(tier)))")
        }
        if emphasis { attributes.append("penwidth=2.2") }
        if let link { attributes.append("URL=\(Self.quoted(link))") }
        return "  \(Self.quoted(id)) [\(attributes.joined(separator: ", "))];"
    }

    /// One drawn edge per ordered pair; the tooltip lists every piece of evidence.
    func edgeStatements(_ edges: [DependencyGraph.Edge]) -> [String] {
        var grouped: [String: [DependencyGraph.Edge]] = [:]
        var order: [String] = []
        for edge in edges {
            let key = "\(edge.from)\u{0}\(edge.to)"
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(edge)
        }
        return order.sorted().map { key in
            let group = grouped[key]!
            let evidence = Array(Set(group.map(\.evidence.label))).sorted().joined(separator: ", ")
            let tooltip = "\(DependencyGraph.name(group[0].from)) → \(DependencyGraph.name(group[0].to)): \(evidence)"
            let declaredOnly = group.allSatisfy { $0.evidence == .declared || $0.evidence == .fluxDependsOn }
            var attributes = ["tooltip=\(Self.quoted(tooltip))"]
            if declaredOnly { attributes.append("style=dashed") }
            return "  \(Self.quoted(group[0].from)) -> \(Self.quoted(group[0].to)) [\(attributes.joined(separator: ", "))];"
        }
    }

    /// The services around `id`: depth 1 both ways, depth 2 when that stays small.
    func neighbourhood(of id: String, link: (String) -> String?) -> String {
        var shown: Set<String> = [id]
        let first = Set(graph.dependencies(of: id) + graph.dependents(of: id))
        shown.formUnion(first)
        // Two steps along the same direction: what my dependencies need, who uses my users.
        var second = Set<String>()
        for dependency in graph.dependencies(of: id) { second.formUnion(graph.dependencies(of: dependency)) }
        for dependent in graph.dependents(of: id) { second.formUnion(graph.dependents(of: dependent)) }
        if shown.union(second).count <= 18 { shown.formUnion(second) }
        let edges = shown.sorted().flatMap { graph.edges(from: $0).filter { shown.contains($0.to) } }
        var lines = ["digraph neighbourhood {", Self.header]
        for node in shown.sorted() {
            lines.append(self.node(node, link: node == id ? nil : link(node), emphasis: node == id))
        }
        lines += edgeStatements(edges)
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The services of one category and every edge that touches them; services of other
    /// categories appear dashed.
    /// Services of other categories drawn one by one up to this many; beyond it they are drawn
    /// one node per category (a shared database's page would otherwise lay out every service of
    /// the repo, which takes Graphviz seconds). The page's evidence table still lists every edge.
    static let foreignNodeLimit = 30

    func category(_ members: [String], link: (String) -> String?, categoryLink: (String) -> String? = { _ in nil }) -> String {
        let inside = Set(members)
        let edges = members.sorted().flatMap { id in graph.edges(from: id) + graph.edges(to: id).filter { !inside.contains($0.from) } }
        let foreign = Set(edges.flatMap { [$0.from, $0.to] }).subtracting(inside)
        var lines = ["digraph category {", Self.header]
        for id in members.sorted() { lines.append(node(id, link: link(id))) }
        guard foreign.count > Self.foreignNodeLimit else {
            for id in foreign.sorted() { lines.append(node(id, link: link(id), foreign: true)) }
            lines += edgeStatements(edges)
            lines.append("}")
            return lines.joined(separator: "\n") + "\n"
        }
        // Collapse outside services into one dashed node per category, edges counted per pair.
        func group(_ id: String) -> String { inside.contains(id) ? id : "category:" + (services[id]?.category ?? "(root)") }
        var members: [String: Set<String>] = [:]
        for id in foreign { members[group(id), default: []].insert(id) }
        for key in members.keys.sorted() {
            let name = String(key.dropFirst("category:".count))
            let count = members[key]!.count
            var attributes = ["label=\(Self.quoted("\(name)\n\(count) service\(count == 1 ? "" : "s")"))",
                              "tooltip=\(Self.quoted("\(count) services of \(name)"))", "class=\"foreign\"",
                              "style=\"rounded,dashed\"", "fillcolor=\"transparent\""]
            if let url = categoryLink(name) { attributes.append("URL=\(Self.quoted(url))") }
            lines.append("  \(Self.quoted(key)) [\(attributes.joined(separator: ", "))];")
        }
        var pairs: [String: Set<String>] = [:]
        for edge in edges where !(inside.contains(edge.from) && inside.contains(edge.to)) {
            pairs["\(group(edge.from))\u{0}\(group(edge.to))", default: []].insert("\(edge.from)\u{0}\(edge.to)")
        }
        lines += edgeStatements(edges.filter { inside.contains($0.from) && inside.contains($0.to) })
        for key in pairs.keys.sorted() {
            let parts = key.split(separator: "\u{0}").map(String.init)
            let count = pairs[key]!.count
            let label = pairs.count <= Self.labelledEdgeLimit ? "label=\"\(count)\"" : "penwidth=\(Self.width(count))"
            lines.append("  \(Self.quoted(parts[0])) -> \(Self.quoted(parts[1])) [\(label), style=dashed, tooltip=\"\(count) pair\(count == 1 ? "" : "s") of services\"];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One node per category, one edge per pair of categories labelled with how many pairs of
    /// services it stands for.
    func summary(categories: [(name: String, tier: Tier, count: Int, link: String)], categoryOf: [String: String]) -> String {
        var lines = ["digraph categories {", Self.header]
        for category in categories {
            lines.append("  \(Self.quoted(category.name)) [label=\"\(GraphvizRenderer.escape(category.name))\\n\(category.count) service\(category.count == 1 ? "" : "s")\", tooltip=\(Self.quoted(category.name + " — open its graph")), class=\(Self.quoted(Self.tierClass(category.tier))), fillcolor=\(Self.quoted(Self.fill(category.tier))), URL=\(Self.quoted(category.link))];")
        }
        // Count pairs of services, not pieces of evidence.
        var pairs: [String: Set<String>] = [:]
        for edge in graph.edges {
            guard let from = categoryOf[edge.from], let to = categoryOf[edge.to], from != to else { continue }
            pairs["\(from)\u{0}\(to)", default: []].insert("\(edge.from)\u{0}\(edge.to)")
        }
        let counts = pairs.mapValues(\.count)
        for key in counts.keys.sorted() {
            let parts = key.split(separator: "\u{0}").map(String.init)
            let count = counts[key]!
            // Labels on hundreds of edges make dot's layout take seconds (each label is a node to
            // place); past a few dozen pairs the count goes to the tooltip and the line width.
            let label = counts.count <= Self.labelledEdgeLimit ? "label=\"\(count)\", " : "penwidth=\(Self.width(count)), "
            lines.append("  \(Self.quoted(parts[0])) -> \(Self.quoted(parts[1])) [\(label)tooltip=\(Self.quoted("\(parts[0]) → \(parts[1]): \(count) dependenc\(count == 1 ? "y" : "ies")"))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Category pairs drawn with their count as a label; beyond this, counts become line widths.
    static let labelledEdgeLimit = 60

    static func width(_ count: Int) -> String {
        String(format: "%.1f", min(4.0, 0.8 + log2(Double(count))))
    }

    /// The whole graph for tools: one cluster per category, every edge with its evidence and
    /// source. `styled` adds the page look (colours by tier) for a standalone SVG.
    func machine(styled: Bool = false, clustered: Bool = true) -> String {
        var lines = ["digraph almanac {"]
        lines += styled ? [Self.header] : ["  graph [rankdir=LR];", "  node [shape=box];"]
        var byCategory: [String: [Service]] = [:]
        for service in services.values { byCategory[service.category, default: []].append(service) }
        for (index, category) in byCategory.keys.sorted().enumerated() {
            lines.append(clustered ? "  subgraph \"cluster_\(index)\" {" : "  subgraph \"category_\(index)\" {")
            lines.append("    label=\(Self.quoted(category));")
            if styled && clustered { lines.append("    style=\"rounded\"; color=\"#c3cad2\"; fontcolor=\"#5c6670\";") }
            for service in byCategory[category]!.sorted(by: { $0.id < $1.id }) {
                var attributes = ["label=\(Self.quoted(service.name))", "tier=\(Self.quoted(String(Self.tierClass(service.tier).dropFirst(5))))"]
                if let namespace = service.namespace { attributes.append("namespace=\(Self.quoted(namespace))") }
                if styled { attributes.append("fillcolor=\(Self.quoted(Self.fill(service.tier)))") }
                lines.append("    \(Self.quoted(service.id)) [\(attributes.joined(separator: ", "))];")
            }
            lines.append("  }")
        }
        for edge in graph.edges {
            lines.append("  \(Self.quoted(edge.from)) -> \(Self.quoted(edge.to)) [evidence=\(Self.quoted(edge.evidence.rawValue)), detail=\(Self.quoted(edge.detail)), source=\(Self.quoted("\(edge.location.path):\(edge.location.line)"))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
