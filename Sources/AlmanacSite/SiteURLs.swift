import AlmanacAnalysis
import AlmanacModel
import Foundation

/// Where every page lives in the site. Paths are files relative to the site root
/// (`services/sonarr/index.html`); pages link to each other with relative URLs that name the
/// file, so the site works under any base path and from `file://`.
public struct SiteURLs: Sendable {
    private var documentPaths: [String: String] = [:]
    private var sourcePaths: Set<String> = []
    private var repoURL: String?
    private var branch = "main"

    /// `publishable` are the repo files whose text may be shown; a Markdown document that has a
    /// page of its own gets no source view (its page is the view; the forge has the raw text).
    public init(repository: Repository, publishable: Set<String>) {
        for document in repository.documents where document.kind != .serviceReadme {
            documentPaths[document.path] = DocumentPagePath.of(document.path)
        }
        sourcePaths = publishable.filter { documentPaths[$0] == nil }
        repoURL = repository.config.repoURL
        branch = repository.config.repoBranch
    }

    /// Files that get a source view page.
    public var sourceViews: Set<String> { sourcePaths }

    public static func service(_ service: Service) -> String { "services/\(service.slug)/index.html" }

    public func document(_ path: String) -> String? { documentPaths[path] }

    /// Source view page of a repo file, if one is published.
    public func sourceView(_ path: String) -> String? {
        sourcePaths.contains(path) ? "source/\(path).html" : nil
    }

    /// Where a repo file is shown: its source view, or the page a Markdown document is rendered as.
    public func source(_ path: String) -> String? {
        sourceView(path) ?? documentPaths[path]
    }

    /// Where a line of a repo file is shown: the source view's line; for a rendered document the
    /// forge's line when `repo_url` is set (an absolute URL), else the document's page.
    public func source(_ location: SourceLocation) -> String? {
        if let view = sourceView(location.path) { return "\(view)#L\(location.line)" }
        guard let page = documentPaths[location.path] else { return nil }
        return Self.forge(repoURL: repoURL, branch: branch, path: location.path, line: location.line) ?? page
    }

    /// The relative URL from the page at `from` to the site path `to`; absolute URLs stay as they are.
    public static func relative(from: String, to: String) -> String {
        // Site paths hold no colon; only an absolute URL (`https://…`) does.
        if to.utf8.contains(UInt8(ascii: ":")), to.containsBytes("://") { return to }
        return String(repeating: "../", count: depth(of: from)) + encoded(to)
    }

    /// A site path as it may stand in an href: bytes a browser would read as something else
    /// (space, quotes, `<`, `>`, `?`, `%`, backslash, control characters) percent-encoded, so a
    /// repository folder named `a b?c` links its page. `#` starts the fragment Almanac appends.
    static func encoded(_ path: String) -> String {
        func needsEncoding(_ byte: UInt8) -> Bool {
            byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "<")
                || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "\\")
                || byte == UInt8(ascii: "`")
        }
        guard path.utf8.contains(where: needsEncoding) else { return path }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.utf8.count + 16)
        for byte in path.utf8 {
            if needsEncoding(byte) {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// How many folders deep a page file is (`services/x/index.html` is 2).
    public static func depth(of page: String) -> Int { page.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 } }

    /// The forge URL of a file at a line (`…/src/branch/main/path#L12`, or GitHub/GitLab `blob`).
    public static func forge(repoURL: String?, branch: String, path: String, line: Int? = nil) -> String? {
        guard let repoURL else { return nil }
        let anchor = line.map { "#L\($0)" } ?? ""
        if repoURL.containsBytes("github.com") { return "\(repoURL)/blob/\(branch)/\(path)\(anchor)" }
        if repoURL.containsBytes("gitlab") { return "\(repoURL)/-/blob/\(branch)/\(path)\(anchor)" }
        return "\(repoURL)/src/branch/\(branch)/\(path)\(anchor)"
    }
}
