/// Where a link written in a repository document points, before anything is looked up. The one
/// rule every reader of Markdown links follows: the scan's image loader, the broken-link check,
/// the knowledge base and the site.
///
/// - A URL with a scheme (`https:`, `mailto:`, `tel:`, `data:` …) or starting with `//` is
///   external, as a browser reads it.
/// - `#fragment` points into the same document.
/// - Anything else is a path: from the repository root when it starts with `/`, else from the
///   document's folder; `?query` and `#fragment` are cut off, `.`/`..` resolved and percent
///   escapes decoded. A path that climbs above the root points outside.
public enum LinkTarget: Hashable, Sendable {
    /// Left as written: web, mail and phone links, other schemes, a bare `?query`.
    case external
    /// `#fragment` in the same document (as written, without `#`).
    case sameDocument(fragment: String)
    /// A path in the repository ("" is its root), and the fragment after `#` as written.
    case repository(path: String, fragment: String?)
    /// The path climbs above the repository root.
    case outside

    public static func of(_ url: String, from documentPath: String) -> LinkTarget {
        let bytes = url.utf8
        guard let first = bytes.first else { return .external }
        if first == UInt8(ascii: "#") { return .sameDocument(fragment: String(url.dropFirst())) }
        if hasScheme(url) || url.hasPrefix("//") { return .external }
        var target = Substring(url)
        var fragment: String?
        if let hash = target.firstIndex(of: "#") {
            fragment = String(target[target.index(after: hash)...])
            target = target[..<hash]
        }
        if let query = target.firstIndex(of: "?") { target = target[..<query] }
        if target.isEmpty { return .external }
        let joined: String
        if target.hasPrefix("/") {
            joined = String(target.dropFirst())
        } else if let slash = documentPath.lastIndex(of: "/") {
            joined = "\(documentPath[..<slash])/\(target)"
        } else {
            joined = String(target)
        }
        guard let path = RepositoryPath.normalize(joined) else { return .outside }
        return .repository(path: path, fragment: fragment)
    }

    /// The repository path, for a link that has one.
    public var path: String? {
        if case .repository(let path, _) = self { return path }
        return nil
    }

    /// `scheme:` at the start (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`), before
    /// any `/`, `?` or `#`.
    static func hasScheme(_ url: String) -> Bool {
        var index = 0
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                break
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if index == 0 { return false }
            case UInt8(ascii: ":"):
                return index > 0
            default:
                return false
            }
            index += 1
        }
        return false
    }
}
