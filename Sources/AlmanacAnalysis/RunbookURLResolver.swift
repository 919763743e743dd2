import AlmanacModel
import Foundation

/// Resolves an alert's `runbook_url` to a page of the site: a URL under the site's `base_url`, a
/// path within the site, a repo path to a Markdown file, or a URL under a configured prefix
/// (`runbooks.url_prefixes`) mapped to a repo folder holding local copies of upstream runbooks.
/// Anything else is an external URL that cannot be checked.
struct RunbookURLResolver {
    enum Target: Hashable, Sendable {
        /// A document of the repo, with the anchor the URL names.
        case document(path: String, anchor: String?)
        /// The stable alert page `alerts/<Name>/`.
        case alertPage(String)
        /// Another site's URL, not checked.
        case external
        /// A URL that should lead into the site (or a mapped folder) but leads nowhere.
        case unresolved(String)
    }

    let baseURL: String?
    let prefixes: [(prefix: String, folder: String)]
    /// Site page path (`operations/runbooks/x/index.html`) → document path.
    let documentsByPage: [String: String]
    /// The same, keyed by the lower-cased page path, to explain case mistakes.
    let documentsByLowercasedPage: [String: String]
    /// Document path → its anchors.
    let anchors: [String: Set<String>]
    let documentPaths: Set<String>
    let alertNames: Set<String>

    init(config: SiteConfig, documents: [Document], alertNames: Set<String>) {
        baseURL = config.baseURL
        prefixes = config.runbookURLPrefixes.map { (prefix: $0.key, folder: $0.value) }
            .sorted { ($0.prefix.count, $0.prefix) > ($1.prefix.count, $1.prefix) }
        var byPage: [String: String] = [:]
        var byLowercased: [String: String] = [:]
        var anchors: [String: Set<String>] = [:]
        for document in documents.sorted(by: { $0.path < $1.path }) where document.kind != .serviceReadme {
            let page = DocumentPagePath.of(document.path)
            byPage[page] = document.path
            byLowercased[page.lowercased()] = byLowercased[page.lowercased()] ?? document.path
            anchors[document.path] = Set(document.anchors)
        }
        documentsByPage = byPage
        documentsByLowercasedPage = byLowercased
        self.anchors = anchors
        documentPaths = Set(documents.map(\.path))
        self.alertNames = alertNames
    }

    static let alertnameTemplate = try! NSRegularExpression(pattern: #"\{\{\s*\$labels\.alertname\s*\}\}"#)

    func resolve(_ written: String, alert: String) -> Target {
        var url = written.trimmingCharacters(in: .whitespaces)
        if let scheme = LinkTarget.unsafeScheme(url) {
            return .unresolved("the '\(scheme):' scheme is unsafe; the site never links it")
        }
        url = Self.alertnameTemplate.stringByReplacingMatches(in: url, range: NSRange(url.startIndex..., in: url),
                                                              withTemplate: NSRegularExpression.escapedTemplate(for: alert))
        if url.contains("{{") { return .external }
        let (target, anchor) = Self.splitAnchor(url)
        if let baseURL, baseURL.contains("://"), target.lowercased().hasPrefix(baseURL.lowercased())
            || target.lowercased() + "/" == baseURL.lowercased() {
            return sitePath(String(target.dropFirst(min(baseURL.count, target.count))), anchor: anchor, written: written)
        }
        for (prefix, folder) in prefixes where target.hasPrefix(prefix) {
            return mapped(String(target.dropFirst(prefix.count)), folder: folder, anchor: anchor, written: written)
        }
        if target.contains("://") || target.hasPrefix("//") || target.hasPrefix("mailto:") { return .external }
        if target.hasPrefix("/") {
            var path = String(target.dropFirst())
            if let basePath = baseURL.map(Self.pathOfURL), !basePath.isEmpty {
                guard path.hasPrefix(basePath) else {
                    return .unresolved("'\(written)' is outside the site's path /\(basePath)")
                }
                path = String(path.dropFirst(basePath.count))
            }
            return sitePath(path, anchor: anchor, written: written)
        }
        if target.lowercased().hasSuffix(".md"), let path = RepositoryPath.normalize(target) {
            guard documentPaths.contains(path) else { return .unresolved("no Markdown file \(path) in the repository") }
            return document(path, anchor: anchor, written: written)
        }
        return sitePath(target, anchor: anchor, written: written)
    }

    /// A path relative to the site root: an alert page, or a document's page.
    private func sitePath(_ raw: String, anchor: String?, written: String) -> Target {
        var path = raw.split(separator: "?").first.map(String.init) ?? ""
        path = RepositoryPath.normalize(path) ?? path
        let parts = path.split(separator: "/").map(String.init)
        if parts.first == "alerts", parts.count >= 2, parts.count == 2 || (parts.count == 3 && parts[2] == "index.html") {
            let name = parts[1]
            if alertNames.contains(name) { return .alertPage(name) }
            return .unresolved("no alert named \(name) is defined, so alerts/\(name)/ does not exist")
        }
        var page = path
        if page.isEmpty { page = "index.html" }
        else if !page.hasSuffix(".html") { page += "/index.html" }
        if let document = documentsByPage[page] { return self.document(document, anchor: anchor, written: written) }
        let shown = page.hasSuffix("/index.html") ? String(page.dropLast("index.html".count)) : page
        if let document = documentsByLowercasedPage[page.lowercased()] {
            let actual = DocumentPagePath.of(document)
            return .unresolved("'\(shown)' differs only in case from \(actual.dropLast("index.html".count)) (\(document)); web servers match paths case-sensitively")
        }
        return .unresolved("no page \(shown) in the site: no document is published there")
    }

    /// The rest of a URL under a mapped prefix, looked up in the folder, case-insensitively.
    private func mapped(_ rest: String, folder: String, anchor: String?, written: String) -> Target {
        var stem = rest.split(separator: "?").first.map(String.init) ?? ""
        for suffix in ["/index.html", ".html", ".md", "/"] where stem.lowercased().hasSuffix(suffix) {
            stem = String(stem.dropLast(suffix.count))
        }
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        let joined = RepositoryPath.normalize(stem.isEmpty ? base : "\(base)/\(stem)") ?? base
        let candidates = [joined + ".md", joined + "/README.md", joined + "/index.md"].map { $0.lowercased() }
        let match = documentPaths.sorted().first { candidates.contains($0.lowercased()) }
        guard let match else {
            return .unresolved("no local copy for it: \(joined).md does not exist (runbooks.url_prefixes maps the prefix to \(folder))")
        }
        return document(match, anchor: anchor, written: written)
    }

    private func document(_ path: String, anchor: String?, written: String) -> Target {
        if let anchor, !anchor.isEmpty, !(anchors[path]?.contains(anchor) ?? false) {
            return .unresolved("\(path) has no heading with the anchor #\(anchor)")
        }
        return .document(path: path, anchor: anchor.flatMap { $0.isEmpty ? nil : $0 })
    }

    static func splitAnchor(_ url: String) -> (String, String?) {
        guard let hash = url.firstIndex(of: "#") else { return (url, nil) }
        return (String(url[..<hash]), String(url[url.index(after: hash)...]))
    }

    /// `https://docs.example.com/lab/` → `lab/`.
    static func pathOfURL(_ url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        else { return url.hasPrefix("/") ? String(url.dropFirst()) : url }
        guard let slash = rest.firstIndex(of: "/") else { return "" }
        return String(rest[rest.index(after: slash)...])
    }
}

/// Where the site publishes a document, the same rule as the site's `SiteURLs`:
/// `docs/operations/runbooks/x.md` → `operations/runbooks/x/index.html`; `docs/README.md` →
/// `docs/index.html`; Markdown outside docs/ → `repo/<path>/index.html`. (A test keeps the two in step.)
/// Where a Markdown document's page lives in the site: `docs/operations/runbooks/x.md` →
/// `operations/runbooks/x/index.html`; `docs/README.md` → `docs/index.html`; Markdown outside
/// docs/ → `repo/<path>/index.html`. The one rule, for the analysis (runbook URLs) and the site.
public enum DocumentPagePath {
    /// First path segments the site itself uses; a docs folder with one of these names moves under `docs/`.
    public static let reserved: Set<String> = [
        "services", "source", "assets", "repo", "docs", "alerts", "search", "graph", "network", "backups",
        "recovery", "adrs", "runbooks", "ports", "scorecard", "environments", "coverage", "404.html", "index.html",
        "catalog.json", "diagnostics.json", "sitemap.xml",
    ]

    public static func of(_ path: String) -> String {
        var parts = path.split(separator: "/").map(String.init)
        guard let file = parts.popLast() else { return "repo/index.html" }
        let stem = (file as NSString).deletingPathExtension
        if !["readme", "index", "_index"].contains(stem.lowercased()) { parts.append(stem) }
        if parts.first == "docs" {
            parts.removeFirst()
            if parts.isEmpty || reserved.contains(parts[0]) { parts.insert("docs", at: 0) }
        } else {
            parts.insert("repo", at: 0)
        }
        return parts.map(segment).joined(separator: "/") + "/index.html"
    }

    /// A path segment as a URL segment: letters, digits, `-`, `_` and `.` stay, anything else is `-`.
    public static func segment(_ segment: String) -> String {
        // Most segments are plain ASCII names already.
        if segment.utf8.allSatisfy({ byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".")
        }) {
            return segment
        }
        return String(segment.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" })
    }
}
