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
    public static func scan(_ text: String) -> [HostReference] {
        var found: [HostReference] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            scan(line: line, number: number, into: &found)
        }
        return found
    }

    private static func isHostCharacter(_ c: Character) -> Bool {
        ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "." || c == "-"
    }

    /// Characters that glue a lowercase run to something that is not a host: `MY_host`, `$host`.
    private static func isGlue(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "$" || c == "%" || c == "~" || c == "\\"
    }

    private static func scan(line: Substring, number: Int, into found: inout [HostReference]) {
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            guard isHostCharacter(characters[index]) else { index += 1; continue }
            let start = index
            while index < characters.count, isHostCharacter(characters[index]) { index += 1 }
            var end = index
            // Trailing dots and dashes end sentences and lists, not names.
            while end > start, characters[end - 1] == "." || characters[end - 1] == "-" { end -= 1 }
            guard end > start else { continue }
            if let reference = classify(characters, start: start, end: end, runEnd: index, number: number, line: line) {
                found.append(reference)
            }
        }
    }

    private static func classify(_ c: [Character], start: Int, end: Int, runEnd: Int, number: Int,
                                 line: Substring) -> HostReference? {
        let before: Character? = start > 0 ? c[start - 1] : nil
        let after: Character? = runEnd < c.count ? c[runEnd] : nil
        if let before, isGlue(before) { return nil }
        if let after, runEnd == end, isGlue(after) { return nil }
        let host = String(c[start..<end])
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && !label.allSatisfy(\.isNumber)
        }), labels.first?.first?.isLetter == true else { return nil }

        var form = Form.bare
        if before == "/" {
            // Only `scheme://host`; anything else after a slash is a path.
            guard start >= 3, c[start - 2] == "/", c[start - 3] == ":" else { return nil }
            form = .url
        } else if before == "@" {
            // Credentials in a URL (`user:pw@host`); an e-mail address has no scheme before it.
            guard String(c[..<start]).contains("://") else { return nil }
            form = .url
        }
        if after == ":" {
            var digits = runEnd + 1
            while digits < c.count, c[digits].isNumber { digits += 1 }
            // `scheme://` and `key: value` are not hosts; `host:5432` is.
            guard digits > runEnd + 1 else { return nil }
            if digits < c.count, c[digits].isLetter || c[digits] == "." || c[digits] == "-" || c[digits] == "_" { return nil }
            if form == .bare { form = .hostPort }
        } else if after == "/" {
            // `ghcr.io/org/image` and `k3s/apps` are paths; a URL host or cluster name may take a path.
            if form == .bare, !labels.contains("svc") { return nil }
        }
        let prefix = line[line.startIndex..<line.index(line.startIndex, offsetBy: start)]
        return HostReference(host: host, form: form, line: number, column: start, prefix: prefix)
    }
}
