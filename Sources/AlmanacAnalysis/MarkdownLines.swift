import CMark
import AlmanacModel
import Foundation

/// A Markdown body split into lines that know their file line and whether they sit inside a
/// code fence, plus its ATX headings: just enough structure for ADRs and runbooks.
struct MarkdownLines {
    struct Line {
        var text: Substring
        /// 1-based line in the file.
        var number: Int
        var inFence: Bool
    }

    struct Heading {
        var level: Int
        var text: String
        /// Index into `lines`.
        var index: Int
        var number: Int
    }

    let lines: [Line]
    let headings: [Heading]

    init(_ body: String, firstLine: Int) {
        var lines: [Line] = []
        var headings: [Heading] = []
        var fence: Substring?
        // Split at line feeds in the bytes: "\r\n" is one Character, so a String split at "\n"
        // would keep a CRLF document in one line.
        let rawLines = body.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        for (offset, raw) in rawLines.enumerated() {
            let text = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = text.drop { $0 == " " }  // counts below in bytes: spaces are one byte
            let marker = trimmed.prefix { $0 == "`" || $0 == "~" }
            var inFence = fence != nil
            if let open = fence {
                if marker.count >= open.count, marker.first == open.first, trimmed.dropFirst(marker.count).allSatisfy(\.isWhitespace) {
                    fence = nil
                }
            } else if marker.count >= 3, Set(marker).count == 1, text.utf8.count - trimmed.utf8.count < 4 {
                fence = marker
                inFence = true
            }
            lines.append(Line(text: text, number: firstLine + offset, inFence: inFence))
            if !inFence, text.utf8.count - trimmed.utf8.count < 4, let heading = Self.heading(trimmed) {
                headings.append(Heading(level: heading.level, text: heading.text, index: lines.count - 1,
                                        number: firstLine + offset))
            }
        }
        self.lines = lines
        self.headings = headings
    }

    /// `## Text ##` → (2, "Text").
    static func heading(_ line: Substring) -> (level: Int, text: String)? {
        let hashes = line.prefix { $0 == "#" }
        guard (1...6).contains(hashes.count) else { return nil }
        let rest = line.dropFirst(hashes.count)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("#") { text.removeLast() }
        return (hashes.count, text.trimmingCharacters(in: .whitespaces))
    }

    /// The lines under the heading at `headingIndex` (into `headings`) up to the next heading of the
    /// same or a higher level.
    func section(_ headingIndex: Int) -> ArraySlice<Line> {
        let heading = headings[headingIndex]
        let end = headings[(headingIndex + 1)...].first { $0.level <= heading.level }?.index ?? lines.count
        return lines[(heading.index + 1)..<end]
    }

    /// The first heading whose plain text matches `matches`.
    func firstHeading(where matches: (String) -> Bool) -> Int? {
        headings.firstIndex { matches(Self.plain($0.text)) }
    }

    /// Heading or line text without Markdown emphasis and code marks.
    static func plain<S: StringProtocol>(_ text: S) -> String {
        String(text.filter { $0 != "*" && $0 != "`" }).trimmingCharacters(in: .whitespaces)
    }

    /// GitHub-style anchors, as the site's renderer makes them (`setup`, `setup-1`), for headings
    /// whose ids the document does not list.
    static func anchors(for texts: [String]) -> [String] {
        var registry = SlugRegistry()
        return texts.map { registry.unique(Slug.make(plain($0))) }
    }

    /// A name compared loosely: lower case, without `-`, `_`, spaces and dots (`Jellyfin-Down` ≈ `jellyfindown`).
    static func loose<S: StringProtocol>(_ name: S) -> String {
        String(name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " && $0 != "." })
    }
}
