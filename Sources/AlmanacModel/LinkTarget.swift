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
    /// A scheme that runs code or reads local files (`javascript:`, `vbscript:`, `file:`, and
    /// `data:` except raster images): the site drops such links.
    case unsafe(scheme: String)

    public static func of(_ url: String, from documentPath: String, isImage: Bool = false) -> LinkTarget {
        let bytes = url.utf8
        guard let first = bytes.first else { return .external }
        if let scheme = unsafeScheme(url, isImage: isImage) { return .unsafe(scheme: scheme) }
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

    /// The scheme of `url` when it is one the site must never link: `javascript:`, `vbscript:`,
    /// `file:`, or `data:` other than a PNG, GIF, JPEG or WebP image (for images only). Read as a
    /// browser reads it: leading spaces and control characters skipped, tabs and line breaks
    /// inside ignored, case ignored (`JaVa\tScRiPt:`). cmark-gfm's safe mode drops the same.
    public static func unsafeScheme(_ url: String, isImage: Bool = false) -> String? {
        var scheme: [UInt8] = []
        var rest: [UInt8] = []
        var inScheme = true
        for byte in url.utf8 {
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if inScheme {
                if scheme.isEmpty, byte <= 0x20 { continue }
                if byte == UInt8(ascii: ":") { inScheme = false; continue }
                guard scheme.count < 16 else { return nil }
                scheme.append(byte | (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? 0x20 : 0))
            } else {
                rest.append(byte | (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? 0x20 : 0))
                if rest.count >= 12 { break }
            }
        }
        guard !inScheme else { return nil }
        let name = String(decoding: scheme, as: UTF8.self)
        switch name {
        case "javascript", "vbscript", "file": return name
        case "data":
            let images = ["image/png", "image/gif", "image/jpeg", "image/webp"]
            let media = String(decoding: rest, as: UTF8.self)
            return isImage && images.contains(where: { media.hasPrefix($0) }) ? nil : name
        default: return nil
        }
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
