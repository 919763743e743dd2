import Foundation

/// A GitHub-flavoured Markdown pipe table, with the line of every row, read straight from the
/// Markdown text (the rendered HTML has no line numbers to report findings at).
public struct MarkdownTable: Hashable, Sendable {
    public enum Alignment: String, Hashable, Sendable { case none, left, center, right }

    public struct Row: Hashable, Sendable {
        /// Cell texts, trimmed, with `\|` unescaped; padded or cut to the header's width.
        public var cells: [String]
        /// Line in the text given to `parse`, counted from its `firstLine`.
        public var line: Int
    }

    /// The nearest ATX heading above the table (`Apps: media/acquisition`), if any.
    public var heading: String?
    public var header: [String]
    public var alignments: [Alignment]
    public var rows: [Row]
    public var line: Int

    /// Every table in `text`, skipping fenced code blocks. `firstLine` is the line number of the
    /// text's first line (a document body's `bodyLine`), so rows carry file lines.
    public static func parse(_ text: String, firstLine: Int = 1) -> [MarkdownTable] {
        // Split at line feeds in the bytes: "\r\n" is one Character, so a String split at "\n"
        // would not split a CRLF document at all.
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes in
            let line = Substring(bytes)
            return line.hasSuffix("\r") ? line.dropLast() : line
        }
        var tables: [MarkdownTable] = []
        var heading: String?
        var fence: Substring?
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open), trimmed.drop(while: { $0 == open.first }).allSatisfy(\.isWhitespace) { fence = nil }
                index += 1
                continue
            }
            if line.prefix(while: { $0 == " " }).count < 4, let marker = fenceMarker(trimmed) {
                fence = marker
                index += 1
                continue
            }
            if let text = atxHeading(line) {
                heading = text
                index += 1
                continue
            }
            if index + 1 < lines.count, line.contains("|"), let alignments = delimiterRow(lines[index + 1]) {
                let header = cells(line)
                if header.count == alignments.count {
                    var table = MarkdownTable(heading: heading, header: header, alignments: alignments, rows: [],
                                              line: firstLine + index)
                    index += 2
                    while index < lines.count, isRow(lines[index]) {
                        var row = cells(lines[index])
                        if row.count < header.count { row += Array(repeating: "", count: header.count - row.count) }
                        table.rows.append(Row(cells: Array(row.prefix(header.count)), line: firstLine + index))
                        index += 1
                    }
                    tables.append(table)
                    continue
                }
            }
            index += 1
        }
        return tables
    }

    /// The column whose header matches, by `matches` on the normalized header text.
    public func column(where matches: (String) -> Bool) -> Int? {
        header.firstIndex { matches(Self.normalizeHeader($0)) }
    }

    /// `Exposure / IP` → `exposure ip`: lowercase words without punctuation or Markdown marks.
    public static func normalizeHeader(_ text: String) -> String {
        let mapped = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }
        return String(mapped).split(separator: " ").joined(separator: " ")
    }

    // MARK: Lines

    static func fenceMarker(_ trimmed: Substring) -> Substring? {
        for marker in ["```", "~~~"] where trimmed.hasPrefix(marker) {
            let run = trimmed.prefix { $0 == marker.first }
            if marker == "```", trimmed.dropFirst(run.count).contains("`") { return nil }
            return run
        }
        return nil
    }

    static func atxHeading(_ line: Substring) -> String? {
        guard line.prefix(while: { $0 == " " }).count < 4 else { return nil }
        let trimmed = line.drop { $0 == " " }
        let hashes = trimmed.prefix { $0 == "#" }
        guard (1...6).contains(hashes.count) else { return nil }
        let rest = trimmed.dropFirst(hashes.count)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        // A closing sequence of #s is not part of the heading.
        if let range = text.range(of: #"\s+#+$"#, options: .regularExpression) { text.removeSubrange(range) }
        return text
    }

    /// `|:---|---:|:-:|` → alignments; nil when the line is not a delimiter row.
    static func delimiterRow(_ line: Substring) -> [Alignment]? {
        guard line.contains("-") else { return nil }
        var alignments: [Alignment] = []
        for cell in cells(line) {
            let text = cell.trimmingCharacters(in: .whitespaces)
            let left = text.hasPrefix(":")
            let right = text.hasSuffix(":")
            let dashes = text.dropFirst(left ? 1 : 0).dropLast(right && text.count > 1 ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return alignments.isEmpty ? nil : alignments
    }

    /// A body row continues the table until a blank line or a line that starts another block.
    static func isRow(_ line: Substring) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, line.prefix(while: { $0 == " " }).count < 4 else { return false }
        if trimmed.hasPrefix("#") || trimmed.hasPrefix(">") || trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
            return false
        }
        return true
    }

    /// Splits a row on unescaped pipes; a leading and a trailing pipe are optional.
    static func cells(_ line: Substring) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current += character == "|" ? "|" : "\\\(character)"
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current += "\\" }
        cells.append(current)
        var trimmed = cells.map { $0.trimmingCharacters(in: .whitespaces) }
        if trimmed.count > 1, trimmed.first == "", line.trimmingCharacters(in: .whitespaces).hasPrefix("|") { trimmed.removeFirst() }
        if trimmed.count > 1, trimmed.last == "", line.trimmingCharacters(in: .whitespaces).hasSuffix("|"),
           !line.trimmingCharacters(in: .whitespaces).hasSuffix("\\|") { trimmed.removeLast() }
        return trimmed
    }
}
