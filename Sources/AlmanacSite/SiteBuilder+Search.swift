import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Search lives in the header of every page, so it needs no navigation entry.
    var searchNavItems: [NavItem] { [] }

    /// The search page and the index of every HTML page built before it. Pages are read back
    /// from their HTML (title, headings with ids, text of `<main>`, `almanac:*` meta tags), so
    /// a section that adds pages gets them indexed without doing anything.
    /// The search page and index files, from the pages read on their way out (`PageStream`).
    func searchPages(indexing documents: [SearchIndex.Entry]) throws -> [Page] {
        let index = SearchIndex.build(entries: documents)
        return try [searchPage()] + index.files()
    }

    func searchPage() throws -> Page {
        let page = "search/index.html"
        var context = layout(page: page, title: "Search", section: "search")
        context["searchMeta"] = ["metaSkip": true]
        context["catalogURL"] = SiteURLs.relative(from: page, to: "services/index.html")
        context["docsURL"] = repository.documents.contains { $0.kind != .serviceReadme }
            ? SiteURLs.relative(from: page, to: "docs/index.html") : ""
        return try render("search", page: page, context)
    }

    // MARK: Meta tags

    /// The `almanac:*` meta tags of a page, from its path when the page says nothing more:
    /// source views and the 404 page stay out of the index; `alerts/<Name>/` pages are alerts.
    func searchMeta(page: String, section: String) -> [String: Any] {
        if page.hasPrefix("source/") || page == "404.html" { return ["metaSkip": true] }
        if page.hasPrefix("alerts/"), page != "alerts/index.html" { return ["metaKind": "alert"] }
        return ["metaKind": "page"]
    }

    /// Meta tags of a service page: what an operator types to find it.
    func searchMeta(service: Service, facts: ServiceFacts) -> [String: Any] {
        var words = [service.name, service.id, service.namespace ?? "", service.owner ?? ""]
        words += facts.images + facts.hosts + facts.loadBalancerIPs
        words += facts.workloads.flatMap { workload in
            [workload.ref.name] + workload.allContainers.flatMap { container in
                [container.name] + container.ports.map { String($0.containerPort) }
            }
        }
        words += facts.kubeServices.flatMap { [$0.ref.name] + $0.ports.map { String($0.port) } }
        words += facts.alerts.map(\.name)
        return ["metaKind": "service", "metaCategory": service.category, "metaKeywords": Self.keywordList(words)]
    }

    /// Meta tags of a document page: ADR and runbook kinds, the docs folder as category, and
    /// the file name and front matter values (alerts and services a runbook covers, status …).
    func searchMeta(document: Document) -> [String: Any] {
        let kind: String = switch document.kind {
        case .adr: "adr"
        case .runbook: "runbook"
        default: "doc"
        }
        var folders = document.path.split(separator: "/").dropLast().map(String.init)
        if folders.first == "docs" { folders.removeFirst() }
        let stem = ((document.path as NSString).lastPathComponent as NSString).deletingPathExtension
        let values = document.frontMatter.entries.filter { $0.key != "title" }.flatMap(\.value.list)
        return ["metaKind": kind, "metaCategory": folders.joined(separator: "/"), "metaKeywords": Self.keywordList([stem] + values)]
    }

    /// Distinct words, in first-seen order, space separated.
    static func keywordList(_ words: [String]) -> String {
        var seen = Set<String>()
        return words.filter { !$0.isEmpty && seen.insert($0).inserted }.joined(separator: " ")
    }
}
