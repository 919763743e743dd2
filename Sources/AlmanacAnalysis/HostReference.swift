/// A host name written in configuration text (an env value, a ConfigMap value, an argument),
/// found before anything is known about what it names.
public struct HostReference: Hashable, Sendable {
    /// How the host was written; single-label names only count where the form makes them hosts.
    public enum Form: Hashable, Sendable {
        /// After a scheme or credentials: `http://sonarr:8989`, `postgresql://u:$(PW)@db…`.
        case url
        /// Followed by a port: `redis:6379`.
        case hostPort
        /// On its own, as a value: `postgresql.platform-databases.svc.cluster.local`.
        case bare
    }

    /// The host, lowercased: `postgresql.platform-databases.svc.cluster.local`.
    public var host: String
    public var form: Form
    /// 0-based line within the scanned text, and 0-based column (in characters) on that line.
    public var line: Int
    public var column: Int
    /// The text on the line before the host, used to tell `host: redis` from `name: redis`.
    public var prefix: Substring

    /// The DNS labels: `["postgresql", "platform-databases", "svc", "cluster", "local"]`.
    public var labels: [Substring] { host.split(separator: ".") }

    /// Every host-like token of `text`: lowercase RFC 1123 names at a word boundary, without
    /// paths, file names with a slash, numeric tokens (IPs, versions) and URL schemes.
    /// Works on UTF-8 bytes: host names are ASCII, and configuration values can be long.
    public static func scan(_ text: String) -> [HostReference] {
        var found: [HostReference] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            scan(line: line, number: number, into: &found)
        }
        return found
    }

    private static func isHostByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2D
    }

    private static func isLetter(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Bytes that glue a lowercase run to something that is not a host: `MY_host`, `$host`, `é`.
    private static func isGlue(_ c: UInt8) -> Bool {
        isLetter(c) || isDigit(c) || c >= 0x80 || c == UInt8(ascii: "_") || c == UInt8(ascii: "$")
            || c == UInt8(ascii: "%") || c == UInt8(ascii: "~") || c == UInt8(ascii: "\\")
    }

    private static func scan(line: Substring, number: Int, into found: inout [HostReference]) {
        let bytes = Array(line.utf8)
        var index = 0
        while index < bytes.count {
            guard isHostByte(bytes[index]) else { index += 1; continue }
            let start = index
            while index < bytes.count, isHostByte(bytes[index]) { index += 1 }
            var end = index
            // Trailing dots and dashes end sentences and lists, not names.
            while end > start, bytes[end - 1] == 0x2E || bytes[end - 1] == 0x2D { end -= 1 }
            guard end > start else { continue }
            if let reference = classify(bytes, start: start, end: end, runEnd: index, number: number, line: line) {
                found.append(reference)
            }
        }
    }

    private static func classify(_ c: [UInt8], start: Int, end: Int, runEnd: Int, number: Int,
                                 line: Substring) -> HostReference? {
        let before: UInt8? = start > 0 ? c[start - 1] : nil
        let after: UInt8? = runEnd < c.count ? c[runEnd] : nil
        if let before, isGlue(before) { return nil }
        if let after, runEnd == end, isGlue(after) || after == UInt8(ascii: "@") { return nil }
        let labels = c[start..<end].split(separator: 0x2E, omittingEmptySubsequences: false)
        guard labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && label.first != 0x2D && label.last != 0x2D
                && !label.allSatisfy(isDigit)
        }), let first = labels.first?.first, isLetter(first) else { return nil }
        let host = String(decoding: c[start..<end], as: UTF8.self)

        var form = Form.bare
        let slash = UInt8(ascii: "/"), colon = UInt8(ascii: ":")
        if before == slash {
            // Only `scheme://host`; anything else after a slash is a path.
            guard start >= 3, c[start - 2] == slash, c[start - 3] == colon else { return nil }
            form = .url
        } else if before == UInt8(ascii: "@") {
            // Credentials in a URL (`user:pw@host`); an e-mail address has no scheme before it.
            guard containsScheme(c[..<start]) else { return nil }
            form = .url
        }
        if after == colon {
            var digits = runEnd + 1
            while digits < c.count, isDigit(c[digits]) { digits += 1 }
            // `scheme://` and `key: value` are not hosts; `host:5432` is.
            guard digits > runEnd + 1 else { return nil }
            if digits < c.count, isLetter(c[digits]) || c[digits] == 0x2E || c[digits] == 0x2D || c[digits] == UInt8(ascii: "_") {
                return nil
            }
            if form == .bare { form = .hostPort }
        } else if after == slash {
            // `ghcr.io/org/image` and `k3s/apps` are paths; a URL host or cluster name may take a path.
            if form == .bare, !labels.contains(where: { $0.elementsEqual("svc".utf8) }) { return nil }
        }
        let prefix = Substring(decoding: c[..<start], as: UTF8.self)
        return HostReference(host: host, form: form, line: number, column: prefix.count, prefix: prefix)
    }

    private static func containsScheme(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index + 2 < bytes.endIndex {
            if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/") {
                return true
            }
            index += 1
        }
        return false
    }
}
