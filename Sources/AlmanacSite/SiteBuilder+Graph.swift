import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entry for the dependency graph pages; nil hides it.
    var graphNavItems: [NavItem] {
        repository.services.isEmpty ? [] : [NavItem(title: "Graph", path: "graph/index.html", section: "graph")]
    }

    /// Page path of a category's graph: `graph/apps-media-acquisition/index.html`.
    static func graphCategoryPage(_ category: String) -> String {
        let slug = category == "(root)" ? "root" : category.replacingOccurrences(of: "/", with: "-")
        return "graph/\(DocumentPagePath.segment(slug))/index.html"
    }

    /// The dependency graph pages: the overview, one page per category, and `graph.dot`.
    func graphPages() throws -> [Page] {
        guard !repository.services.isEmpty else { return [] }
        let dot = graphDOT
        let services = analysis.index.services
        let byCategory = Dictionary(grouping: services, by: \.category)
        let categories = byCategory.keys.sorted()
        var pages = [Page(path: "graph.dot", text: dot.machine())]
        pages.append(try graphIndexPage(categories: categories, byCategory: byCategory, dot: dot))
        pages += try Parallel.map(categories) { category in
            try graphCategoryPage(category, members: byCategory[category] ?? [], dot: dot)
        }
        return pages
    }

    private func graphIndexPage(categories: [String], byCategory: [String: [Service]], dot: DependencyGraphDOT) throws -> Page {
        let page = "graph/index.html"
        let graph = analysis.graph
        var categoryOf: [String: String] = [:]
        for service in analysis.index.services { categoryOf[service.id] = service.category }
        let summaryNodes = categories.map { category in
            let members = byCategory[category] ?? []
            return (name: category, tier: members.map(\.tier).min() ?? .apps, count: members.count,
                    link: SiteURLs.relative(from: page, to: Self.graphCategoryPage(category)))
        }
        let summarySVG = GraphSVG.render(dot.summary(categories: summaryNodes, categoryOf: categoryOf),
                                         label: "Dependencies between categories")
        let categoryRows: [[String: Any]] = categories.map { category in
            let members = Set((byCategory[category] ?? []).map(\.id))
            let pairs = Set(graph.edges.filter { members.contains($0.from) || members.contains($0.to) }.map { "\($0.from) \($0.to)" })
            return ["name": category, "url": SiteURLs.relative(from: page, to: Self.graphCategoryPage(category)),
                    "services": members.count, "edges": pairs.count]
        }
        let layers: [[String: Any]] = graph.startupLayers.enumerated().map { index, ids in
            let group = index < graph.startupLayerGroups.count ? graph.startupLayerGroups[index] : (tier: Tier.apps, wave: nil)
            return ["number": index + 1, "tier": group.tier.label, "wave": group.wave.map { "wave \($0)" } ?? "",
                    "services": ids.map { serviceLink($0, from: page) }]
        }
        let cycles: [[String: Any]] = graph.cycles.map { cycle in
            ["steps": cycle.enumerated().map { index, id -> [String: Any] in
                var step = serviceLink(id, from: page)
                step["arrow"] = index > 0
                return step
            }]
        }
        let evidenceCounts: [[String: Any]] = DependencyGraph.Evidence.allCases.compactMap { evidence in
            let count = graph.edges.filter { $0.evidence == evidence }.count
            return count == 0 ? nil : ["label": evidence.label, "count": count]
        }
        let waves: [[String: Any]] = graph.waves.map { wave in
            ["wave": wave.wave, "applications": wave.applications.map { app -> [String: Any] in
                ["name": app.ref.name, "path": app.path ?? "", "url": urls.source(app.ref.location).map { SiteURLs.relative(from: page, to: $0) } ?? ""]
            }, "services": wave.services.count]
        }
        let findings = diagnostics.filter { $0.id.hasPrefix("graph.") }
        let pairs = Set(graph.edges.map { "\($0.from)\u{0}\($0.to)" }).count
        let context = layout(page: page, title: "Dependency graph", section: "graph", breadcrumbs: [("Home", "index.html"), ("Graph", nil)])
            .merging([
                "services": analysis.index.services.count, "edges": graph.edges.count, "pairs": pairs,
                "evidence": evidenceCounts, "summarySVG": summarySVG as Any, "categories": categoryRows,
                "layers": layers, "hasLayers": !layers.isEmpty, "cycles": cycles, "hasCycles": !cycles.isEmpty,
                "waves": waves, "hasWaves": !waves.isEmpty,
                "findings": findings.map { diagnosticContext($0, from: page) }, "hasFindings": !findings.isEmpty,
                "dotURL": SiteURLs.relative(from: page, to: "graph.dot"),
            ])
        return try render("graph", page: page, context)
    }

    private func graphCategoryPage(_ category: String, members: [Service], dot: DependencyGraphDOT) throws -> Page {
        let page = Self.graphCategoryPage(category)
        let ids = Set(members.map(\.id))
        let link: (String) -> String? = { id in
            analysis.index[id].map { SiteURLs.relative(from: page, to: SiteURLs.service($0.service)) }
        }
        let categoryLink: (String) -> String? = { name in SiteURLs.relative(from: page, to: Self.graphCategoryPage(name)) }
        let svg = GraphSVG.render(dot.category(members.map(\.id), link: link, categoryLink: categoryLink),
                                  label: "Dependencies of \(category)")
        let edges = analysis.graph.edges.filter { ids.contains($0.from) || ids.contains($0.to) }  // stays in source order
        // One row per pair of services, with every piece of evidence for it.
        var pairs: [String] = []
        var byPair: [String: [DependencyGraph.Edge]] = [:]
        for edge in edges {
            let key = "\(edge.from)\u{0}\(edge.to)"
            if byPair[key] == nil { pairs.append(key) }
            byPair[key, default: []].append(edge)
        }
        let rows: [[String: Any]] = pairs.map { key in
            let group = byPair[key]!
            return ["fromService": serviceLink(group[0].from, from: page), "toService": serviceLink(group[0].to, from: page),
                    "evidence": group.map { edgeContext($0, from: page) }]
        }
        let context = layout(page: page, title: "Graph · \(category)", section: "graph",
                             breadcrumbs: [("Home", "index.html"), ("Graph", "graph/index.html"), (category, nil)])
            .merging(["category": category, "svg": svg as Any, "edges": rows, "hasEdges": !rows.isEmpty,
                      "services": members.sorted { $0.name < $1.name }.map { serviceLink($0.id, from: page) }])
        return try render("graph-category", page: page, context)
    }

    /// Name and link of a service for a template.
    func serviceLink(_ id: String, from page: String) -> [String: Any] {
        guard let service = analysis.index[id]?.service else { return ["name": DependencyGraph.name(id)] }
        return ["name": service.name, "url": SiteURLs.relative(from: page, to: SiteURLs.service(service)),
                "tierClass": DependencyGraphDOT.tierClass(service.tier)]
    }

    /// One piece of evidence for a template: what, where, and a link to the source line.
    func edgeContext(_ edge: DependencyGraph.Edge, from page: String) -> [String: Any] {
        ["evidence": edge.evidence.label, "detail": edge.detail, "place": "\(edge.location.path):\(edge.location.line)",
         "sourceURL": urls.source(edge.location).map { SiteURLs.relative(from: page, to: $0) } ?? ""]
    }

    /// Values this section adds to a service page (rendered by `partials/service-graph`).
    func graphServiceContext(_ service: Service, page: String) -> [String: Any] {
        let graph = analysis.graph
        func grouped(_ edges: [DependencyGraph.Edge], other: (DependencyGraph.Edge) -> String) -> [[String: Any]] {
            var order: [String] = []
            var byService: [String: [DependencyGraph.Edge]] = [:]
            for edge in edges {
                let id = other(edge)
                if byService[id] == nil { order.append(id) }
                byService[id, default: []].append(edge)
            }
            return order.sorted { DependencyGraph.name($0) < DependencyGraph.name($1) }.map { id in
                serviceLink(id, from: page).merging(["evidence": byService[id]!.map { edgeContext($0, from: page) }])
            }
        }
        let dependsOn = grouped(graph.edges(from: service.id)) { $0.to }
        let usedBy = grouped(graph.edges(to: service.id)) { $0.from }
        let breaks = graph.transitiveDependents(of: service.id)
        let direct = Set(graph.dependents(of: service.id))
        var svg: SafeHTML?
        if !dependsOn.isEmpty || !usedBy.isEmpty {
            let dot = graphDOT.neighbourhood(of: service.id) { id in
                analysis.index[id].map { SiteURLs.relative(from: page, to: SiteURLs.service($0.service)) }
            }
            svg = GraphSVG.render(dot, label: "Services around \(service.name)")
        }
        // Dependencies the startup order cannot honour: tiers or sync waves put them later.
        let ownLayer = graph.layer(of: service.id)
        let late = graph.dependencies(of: service.id).filter { id in
            guard let ownLayer, let layer = graph.layer(of: id) else { return false }
            return layer > ownLayer
        }.map { serviceLink($0, from: page) }
        let cycles = graph.cycles.filter { $0.contains(service.id) }.map { cycle in
            cycle.map(DependencyGraph.name).joined(separator: " → ")
        }
        return [
            "graphName": service.name, "graphDependsOn": dependsOn, "graphUsedBy": usedBy, "graphSVG": svg as Any,
            "graphHasEdges": !dependsOn.isEmpty || !usedBy.isEmpty,
            "graphBreaksHTML": SafeHTML.built(breaksHTML(breaks, direct: direct, page: page)),
            "graphBreaksSummary": breaks.isEmpty ? "" : breaks.count == 1 ? "1 service depends on it, directly or through others:"
                : "\(breaks.count) services depend on it, directly or through others:",
            "graphLayer": graph.layer(of: service.id).map { "\($0 + 1) of \(graph.startupLayers.count)" } ?? "",
            "graphCycles": cycles, "graphLate": late,
            "graphLatePronoun": late.isEmpty ? "" : late.count == 1 ? "it" : "them",
            "graphURL": SiteURLs.relative(from: page, to: "graph/index.html"),
            "graphCategoryURL": SiteURLs.relative(from: page, to: Self.graphCategoryPage(service.category)),
        ]
    }

    /// The "what breaks" list. Built here rather than by a template section, and bounded: past
    /// `breaksListLimit` services the indirect ones are counted per category, so a thousand
    /// services do not put a thousand links on every page.
    func breaksHTML(_ breaks: [String], direct: Set<String>, page: String) -> String {
        func link(_ id: String) -> String {
            let name = HTML.escape(DependencyGraph.name(id))
            guard let service = analysis.index[id]?.service else { return name }
            return "<a href=\"\(HTML.escape(SiteURLs.relative(from: page, to: SiteURLs.service(service))))\">\(name)</a>"
        }
        if breaks.count <= Self.breaksListLimit {
            return breaks.map { id in "<li>\(link(id))\(direct.contains(id) ? "" : " <span class=\"muted\">(indirect)</span>")</li>" }.joined()
        }
        var html = breaks.filter(direct.contains).map { "<li>\(link($0))</li>" }.joined()
        var indirectByCategory: [String: Int] = [:]
        for id in breaks where !direct.contains(id) {
            indirectByCategory[analysis.index[id]?.service.category ?? "(root)", default: 0] += 1
        }
        for category in indirectByCategory.keys.sorted() {
            let url = HTML.escape(SiteURLs.relative(from: page, to: Self.graphCategoryPage(category)))
            html += "<li><a href=\"\(url)\">\(HTML.escape(category))</a> <span class=\"muted\">(\(indirectByCategory[category]!) indirect)</span></li>"
        }
        return html
    }

    static let breaksListLimit = 60
}
