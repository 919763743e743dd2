import AlmanacAnalysis
import AlmanacModel
import Foundation
import SiteTemplates

/// The site stage: model + analysis + templates → every page in memory. Never touches the disk
/// except to read the shipped templates and assets.
public struct SiteBuilder: Sendable {
    let repository: Repository
    let analysis: Analyzer.Result
    let diagnostics: [Diagnostic]
    let templates: TemplateRenderer
    let urls: SiteURLs
    /// Diagnostics by file path, for the per-service findings lists.
    let diagnosticsByPath: [String: [Diagnostic]]
    /// PVCs by `namespace/name`, for claims a service mounts but another declares.
    let claimsByName: [String: PersistentVolume]
    /// The documents' folders, for the docs navigation and index pages.
    let docs: DocsTree
    /// Site headers already rendered, by depth and section.
    let headers = Memo<String>()
    /// Paths of the images documents show, which the site copies.
    let imagePaths: Set<String>
    /// The dependency graph as DOT statements, for the graph pages and every service's neighbourhood.
    let graphDOT: DependencyGraphDOT

    public init(repository: Repository, analysis: Analyzer.Result, diagnostics: [Diagnostic],
                templates: TemplateRenderer) {
        self.repository = repository
        self.analysis = analysis
        self.diagnostics = diagnostics
        self.templates = templates
        let publishable = Set(repository.files.filter { $0.publishableText != nil }.map(\.path))
        self.urls = SiteURLs(repository: repository, publishable: publishable)
        self.diagnosticsByPath = Dictionary(grouping: diagnostics.filter { $0.location != nil }) { $0.location!.path }
        self.docs = DocsTree(documents: repository.documents, files: repository.files, urls: urls)
        self.imagePaths = Set(repository.documentImages.map(\.path))
        self.graphDOT = DependencyGraphDOT(graph: analysis.graph, services: analysis.index.services)
        self.claimsByName = Dictionary(repository.volumes.map { ("\($0.ref.namespace ?? "")/\($0.ref.name)", $0) },
                                       uniquingKeysWith: { first, _ in first })
    }

    /// Builds the whole site in memory (tests and small sites).
    public func build() throws -> Site {
        let collector = PageCollector()
        let summary = try build(into: collector)
        return Site(pages: collector.pages.sorted { $0.path < $1.path }, timings: summary.timings)
    }

    /// Builds the site, handing each file to `sink` as soon as it is rendered (from several
    /// threads at once), so the site is never held whole: what search needs is read from each
    /// page on the way out, and only paths are kept for the sitemap. Steps run in order; a
    /// later step's page at a path already sent replaces it.
    /// A piece of a section's work: renders some pages.
    typealias Job = @Sendable () throws -> [Page]

    /// `progress(done, total)` is told how many of the section jobs are done, now and then.
    public func build(into sink: PageSink, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> BuildSummary {
        let stream = PageStream(sink: sink)
        // The sections, each in its own SiteBuilder+<Section>.swift file, as jobs: one per page
        // where pages are many (services, documents, source views), one for the rest. All jobs
        // of all sections share one parallel map, so every core stays busy until the last page;
        // the single big jobs (Graphviz layouts) come first. Pages go to the sink as they are
        // made. Section paths do not overlap; if two ever did, the later section would win.
        let sections: [(String, [Job])] = [
            ("graph", [{ try graphPages() }]),
            ("knowledge", [{ try knowledgePages() }]),
            ("network", [{ try networkPages() }]),
            ("backups", [{ try backupsPages() }]),
            ("home", [{ [try homePage(), try catalogPage()] }]),
            ("ports", [{ try portsPages() }]),
            ("scorecard", [{ try scorecardPages() }]),
            ("coverage", [{ try coveragePages() }]),
            ("assets", [{ [try notFoundPage()] + (try assetPages()) + [catalogJSON(), diagnosticsJSON(diagnostics)] }]),
            ("services", analysis.index.services.map { service in { [try servicePage(service)] } }),
            ("documents", documentationJobs()),
            ("sources", repository.files.filter { urls.sourceView($0.path) != nil }.map { file in { [try sourcePage(file)] } }),
        ]
        let jobs = sections.enumerated().flatMap { rank, section in section.1.map { (rank, $0) } }
        let clock = SectionClock(count: sections.count)
        try Parallel.each(jobs) { rank, job in
            let start = Date()
            for page in try job() { try stream.emit(page, rank: rank) }
            let done = clock.add(rank, Date().timeIntervalSince(start))
            if let progress, done % 100 == 0 || done == jobs.count { progress(done, jobs.count) }
        }
        // Each section's time (summed over its jobs) for `--verbose`, so a slow one shows by name.
        var timings = zip(sections.map(\.0), clock.totals).map { ($0, $1) }
        // Search indexes every HTML page sent, so it runs after the sections, before the sitemap.
        let start = Date()
        let searchFiles = try searchPages(indexing: stream.takeSearchEntries())
        try Parallel.each(searchFiles) { try stream.emit($0, rank: sections.count) }
        timings.append(("search", Date().timeIntervalSince(start)))
        try stream.emit(sitemap(paths: stream.paths()), rank: sections.count)
        return BuildSummary(htmlPageCount: stream.htmlPageCount(), timings: timings)
    }

    // MARK: Layout

    /// Context every page template gets: relative root, navigation, site title.
    func layout(page: String, title: String, section: String, breadcrumbs: [(String, String?)] = []) -> [String: Any] {
        let depth = SiteURLs.depth(of: page)
        let root = String(repeating: "../", count: depth)
        var context: [String: Any] = [
            "root": root, "pageTitle": title, "siteTitle": repository.config.title,
            "siteHeader": SafeHTML.built(siteHeader(depth: depth, section: section)),
            "generator": "Almanac", "searchMeta": searchMeta(page: page, section: section),
        ]
        if !breadcrumbs.isEmpty {
            context["hasBreadcrumbs"] = true
            context["breadcrumbs"] = breadcrumbs.map { crumb -> [String: Any] in
                var entry: [String: Any] = ["title": crumb.0]
                if let path = crumb.1 { entry["url"] = root + path }
                return entry
            }
        }
        if let base = repository.config.baseURL, base.hasPrefix("http") {
            context["canonical"] = base + (page.hasSuffix("index.html") ? String(page.dropLast("index.html".count)) : page)
        }
        return context
    }

    /// The site header (brand, main navigation, search box) differs only by the page's depth
    /// and section: rendered once for each pair from `partials/site-header`, not per page.
    func siteHeader(depth: Int, section: String) -> String {
        headers.value(for: "\(depth) \(section)") {
            siteHeader(root: String(repeating: "../", count: depth), section: section)
        }
    }

    /// The site header with links from `root` (relative, or the site's root URL on the 404 page).
    func siteHeader(root: String, section: String) -> String {
        let nav: [[String: Any]] = navigation.map { item in
            ["title": item.title, "url": root + item.path, "active": item.section == section]
        }
        let context: [String: Any] = ["root": root, "siteTitle": repository.config.title, "nav": nav]
        return (try? templates.render("partials/site-header", SiteBuilder.pruned(context))) ?? ""
    }

    struct NavItem {
        var title: String
        var path: String
        var section: String
    }

    /// The main navigation; each section contributes its entries from its own file.
    var navigation: [NavItem] {
        var items = [
            NavItem(title: "Home", path: "index.html", section: "home"),
            NavItem(title: "Services", path: "services/index.html", section: "services"),
        ]
        items += graphNavItems + networkNavItems + portsNavItems + backupsNavItems + knowledgeNavItems
            + scorecardNavItems
        if repository.documents.contains(where: { $0.kind != .serviceReadme }) {
            items.append(NavItem(title: "Docs", path: "docs/index.html", section: "docs"))
        }
        items += searchNavItems
        return items
    }

    func render(_ template: String, page: String, _ context: [String: Any]) throws -> Page {
        Page(path: page, text: try templates.render(template, SiteBuilder.pruned(context)))
    }

    /// Mustache treats only false, nil and empty lists as false, so empty strings and nils are
    /// dropped: `{{#schedule}}…{{/schedule}}` then disappears when there is no schedule.
    static func pruned(_ context: [String: Any]) -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in context {
            if let pruned = prune(value) { result[key] = pruned }
        }
        return result
    }

    private static func prune(_ value: Any) -> Any? {
        switch value {
        case let text as String: return text.isEmpty ? nil : text
        case let dictionary as [String: Any]: return pruned(dictionary)
        case let list as [[String: Any]]: return list.map(pruned)
        case let list as [String]: return list
        case is Bool, is Int, is Double: return value
        default:
            // A nil, without reflection (this runs for every value of every page).
            if case Optional<Any>.none = value { return nil }
            guard value is OptionalValue else { return value }
            // An optional the casts above did not unwrap (one holding another): look inside.
            let mirror = Mirror(reflecting: value)
            guard let wrapped = mirror.children.first?.value else { return nil }
            return prune(wrapped)
        }
    }
}

/// Lets `pruned` tell an optional from other values without reflection.
private protocol OptionalValue {}
extension Optional: OptionalValue {}

/// Values computed once per key and shared by every thread rendering pages.
final class Memo<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]

    func value(for key: String, _ make: () -> Value) -> Value {
        lock.lock()
        if let value = values[key] { lock.unlock(); return value }
        lock.unlock()
        let value = make()
        lock.lock()
        defer { lock.unlock() }
        if let existing = values[key] { return existing }
        values[key] = value
        return value
    }
}

/// Where the site stage sends each finished file. Called from several threads at once; a later
/// call for a path replaces the earlier file.
public protocol PageSink: Sendable {
    func accept(_ page: Page) throws
}

/// What a streamed build reports.
public struct BuildSummary: Sendable {
    public var htmlPageCount: Int
    /// Time each build step took, in seconds, in order (for `--verbose`).
    public var timings: [(String, Double)]
}

/// Keeps every page, for `build()`.
final class PageCollector: PageSink, @unchecked Sendable {
    private let lock = NSLock()
    private var byPath: [String: Page] = [:]

    func accept(_ page: Page) throws {
        lock.lock()
        byPath[page.path] = page
        lock.unlock()
    }

    var pages: [Page] {
        lock.lock()
        defer { lock.unlock() }
        return Array(byPath.values)
    }
}

/// Pages on their way to the sink: reads each HTML page for search as it passes (in the thread
/// that rendered it), and remembers the paths sent and which section sent each.
final class PageStream: @unchecked Sendable {
    let sink: PageSink
    private let lock = NSLock()
    private var entries: [String: SearchIndex.Entry] = [:]
    private var owners: [String: Int] = [:]

    init(sink: PageSink) { self.sink = sink }

    /// Sends `page` for the section ranked `rank`, unless a later-ranked section sent that path.
    func emit(_ page: Page, rank: Int) throws {
        // Search's share of the page (its terms and fragment) is taken now, in this thread.
        let entry = page.path.hasSuffix(".html") ? SearchIndex.Entry(SearchDocument(path: page.path, html: [UInt8](page.data))) : nil
        lock.lock()
        if let owner = owners[page.path], owner > rank {
            lock.unlock()
            return
        }
        owners[page.path] = rank
        entries[page.path] = entry
        lock.unlock()
        try sink.accept(page)
    }

    /// The pages to index, in path order (pages that ask to be skipped are left out), handed
    /// over: the stream keeps none of them, so the index can let each go once merged.
    func takeSearchEntries() -> [SearchIndex.Entry] {
        lock.lock()
        defer { lock.unlock() }
        let taken = entries
        entries = [:]
        return taken.keys.sorted().compactMap { taken[$0] }.filter { !$0.skip }
    }

    func paths() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return owners.keys.sorted()
    }

    func htmlPageCount() -> Int {
        lock.lock()
        defer { lock.unlock() }
        return owners.keys.filter { $0.hasSuffix(".html") }.count
    }
}

/// Time each section spent, summed over its jobs (they run on several threads at once).
final class SectionClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: [Double]

    init(count: Int) { seconds = Array(repeating: 0, count: count) }

    private var jobs = 0

    /// Adds a finished job's time; returns how many jobs are done.
    func add(_ section: Int, _ time: Double) -> Int {
        lock.lock()
        defer { lock.unlock() }
        seconds[section] += time
        jobs += 1
        return jobs
    }

    var totals: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return seconds
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Adds the page's own values on top of the layout context.
    func merging(_ other: [String: Any]) -> [String: Any] { merging(other) { _, new in new } }
}
