/// Splits a multi-document YAML file on `---` / `...` lines, keeping each document's first line.
///
/// Splitting ourselves (rather than iterating `compose_all`) means one malformed document yields
/// one diagnostic while the documents after it are still read, with correct line numbers.
/// Only markers at column 0 split: YAML forbids them there inside any scalar, so a `---` at
/// column 0 ends even a block scalar, while an indented `---` is the scalar's content.
/// One pass over the bytes; a chunk is a slice of the file, so large files stay linear.
enum YAMLDocumentSplitter {
    struct Chunk: Equatable {
        /// 1-based line in the file where the chunk's text starts.
        var firstLine: Int
        var text: String

        /// The lines of the file the chunk covers.
        var lines: ClosedRange<Int> {
            firstLine...(firstLine + max(0, text.utf8.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } - (text.hasSuffix("\n") ? 1 : 0)))
        }
    }

    static func split(_ text: String) -> [Chunk] {
        var chunks: [Chunk] = []
        let utf8 = text.utf8
        // The open chunk: where its text starts, where its last line ends, and the spaces that
        // stand in for a `--- ` marker sharing its first line.
        var start: String.Index?
        var end = utf8.startIndex
        var prefix = ""
        var currentStart = 1
        var lineNumber = 0
        var inBlockOfDirectives = false

        func close() {
            if let start {
                chunks.append(Chunk(firstLine: currentStart, text: prefix + text[start..<end]))
            } else if inBlockOfDirectives {
                chunks.append(Chunk(firstLine: currentStart, text: ""))
            }
            start = nil
            prefix = ""
        }

        var lineStart = utf8.startIndex
        while lineStart <= utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            lineNumber += 1
            var contentEnd = lineEnd
            if contentEnd > lineStart, utf8[utf8.index(before: contentEnd)] == UInt8(ascii: "\r") {
                contentEnd = utf8.index(before: contentEnd)
            }
            let line = utf8[lineStart..<contentEnd]
            if let markerLength = separatorLength(line) {
                close()
                // Content after `--- ` on the same line belongs to the next document.
                let rest = line.dropFirst(markerLength).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                if line.first == UInt8(ascii: "-"), let first = rest.first, first != UInt8(ascii: "#") {
                    prefix = String(repeating: " ", count: line.count - rest.count)
                    start = rest.startIndex
                    end = contentEnd
                    currentStart = lineNumber
                } else {
                    currentStart = lineNumber + 1
                }
                inBlockOfDirectives = false
            } else {
                if start == nil {
                    start = lineStart
                    currentStart = lineNumber
                }
                end = lineEnd
                if line.first == UInt8(ascii: "%") { inBlockOfDirectives = true }
            }
            if lineEnd == utf8.endIndex { break }
            lineStart = utf8.index(after: lineEnd)
        }
        if start != nil { close() }
        return chunks.filter { !isBlank($0.text) }
    }

    /// 3 for a `---` or `...` marker line (alone or followed by a blank), nil otherwise.
    private static func separatorLength(_ line: Substring.UTF8View) -> Int? {
        guard line.count >= 3 else { return nil }
        let marker = line.prefix(3)
        guard marker.elementsEqual("---".utf8) || marker.elementsEqual("...".utf8) else { return nil }
        let next = line.dropFirst(3).first
        return next == nil || next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") ? 3 : nil
    }

    /// True when the chunk holds only comments and whitespace (an empty document). Stops at the
    /// first line with content.
    static func isBlank(_ text: String) -> Bool {
        var atLineStart = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"): atLineStart = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): continue
            case UInt8(ascii: "#") where atLineStart: atLineStart = false
            default: if atLineStart { return false }
            }
        }
        return true
    }
}
