/// Splits a multi-document YAML file on `---` / `...` lines, keeping each document's first line.
///
/// Splitting ourselves (rather than iterating `compose_all`) means one malformed document yields
/// one diagnostic while the documents after it are still read, with correct line numbers.
enum YAMLDocumentSplitter {
    struct Chunk: Equatable {
        /// 1-based line in the file where the chunk's text starts.
        var firstLine: Int
        var text: String
    }

    static func split(_ text: String) -> [Chunk] {
        var chunks: [Chunk] = []
        var current: [Substring] = []
        var currentStart = 1
        var lineNumber = 0
        var inBlockOfDirectives = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmedLine = line.hasSuffix("\r") ? line.dropLast() : line
            if isSeparator(trimmedLine) {
                if !current.isEmpty || inBlockOfDirectives {
                    chunks.append(Chunk(firstLine: currentStart, text: current.joined(separator: "\n")))
                }
                current = []
                // Content after `--- ` on the same line belongs to the next document.
                let rest = trimmedLine.dropFirst(3).drop { $0 == " " || $0 == "\t" }
                if trimmedLine.hasPrefix("---"), !rest.isEmpty, !rest.hasPrefix("#") {
                    current.append(Substring(String(repeating: " ", count: trimmedLine.count - rest.count)) + rest)
                    currentStart = lineNumber
                } else {
                    currentStart = lineNumber + 1
                }
                inBlockOfDirectives = false
                continue
            }
            if current.isEmpty { currentStart = lineNumber }
            if trimmedLine.hasPrefix("%") { inBlockOfDirectives = true }
            current.append(trimmedLine)
        }
        if !current.isEmpty {
            chunks.append(Chunk(firstLine: currentStart, text: current.joined(separator: "\n")))
        }
        return chunks.filter { !isBlank($0.text) }
    }

    private static func isSeparator(_ line: Substring) -> Bool {
        guard line.hasPrefix("---") || line.hasPrefix("...") else { return false }
        let rest = line.dropFirst(3)
        return rest.isEmpty || rest.first == " " || rest.first == "\t"
    }

    /// True when the chunk holds only comments and whitespace (an empty document).
    static func isBlank(_ text: String) -> Bool {
        for line in text.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if !trimmed.isEmpty, !trimmed.hasPrefix("#") { return false }
        }
        return true
    }
}
