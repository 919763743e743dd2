import AlmanacModel

/// Masks secret values in a file's text, keeping every line where it was, and says where the
/// masks are. The one place published text is made: manifests, Markdown, diagrams, config.
enum Redactor {
    /// How a file's text is judged.
    enum Kind: Equatable {
        /// Data throughout (config, diagrams): key/value pairs are judged everywhere.
        case data
        /// Markdown: key/value pairs only in code and front matter; shapes everywhere.
        case markdown
        /// YAML whose parsed documents the tree rules judged (`scalars`): key/value pairs are
        /// judged by text only in the lines of documents that did not parse; shapes everywhere.
        case yaml(unparsed: [ClosedRange<Int>])
    }

    /// The published text of a file and its redactions: what the text rules find, plus the YAML
    /// values the tree rules marked (`scalars`).
    static func publish(_ text: String, kind: Kind = .data, scalars: [YAMLSecrets.Span] = []) -> (text: String, redactions: [Redaction]) {
        var text = text
        let matches: [SecretMatch] = text.withUTF8 { bytes in
            let regions: [Range<Int>]? = switch kind {
            case .data: nil
            case .markdown: MarkdownCode.regions(in: bytes)
            case .yaml(let unparsed): lineRegions(unparsed, in: bytes)
            }
            var found = SecretText.find(in: bytes, keyValueRegions: regions)
            if !scalars.isEmpty { found += YAMLSecrets.matches(for: scalars, in: bytes) }
            return found
        }
        if matches.isEmpty { return (text, []) }
        return apply(matches, to: text)
    }

    /// Byte ranges of line ranges (1-based, inclusive).
    static func lineRegions(_ lines: [ClosedRange<Int>], in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        guard !lines.isEmpty else { return [] }
        var starts = [0]
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") { starts.append(index + 1) }
        return lines.sorted { $0.lowerBound < $1.lowerBound }.compactMap { range in
            guard range.lowerBound - 1 < starts.count else { return nil }
            let start = starts[max(0, range.lowerBound - 1)]
            let end = range.upperBound < starts.count ? starts[range.upperBound] : bytes.count
            return start < end ? start..<end : nil
        }
    }

    /// `text` with `matches` masked: within each match, every line keeps its indentation and the
    /// rest becomes one mask. Overlapping matches merge; the first one's reason stands.
    static func apply(_ matches: [SecretMatch], to text: String) -> (text: String, redactions: [Redaction]) {
        let sorted = matches.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var merged: [SecretMatch] = []
        for match in sorted where !match.range.isEmpty {
            if var last = merged.last, match.range.lowerBound <= last.range.upperBound {
                last.range = last.range.lowerBound..<max(last.range.upperBound, match.range.upperBound)
                merged[merged.count - 1] = last
            } else {
                merged.append(match)
            }
        }
        let bytes = Array(text.utf8)
        let mask = Array(Redaction.mask.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var redactions: [Redaction] = []
        var line = 1
        var column = 1
        var cursor = 0

        func copy(_ range: Range<Int>) {
            for byte in bytes[range] {
                output.append(byte)
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
        }

        for match in merged {
            let range = max(match.range.lowerBound, cursor)..<min(match.range.upperBound, bytes.count)
            guard !range.isEmpty else { continue }
            copy(cursor..<range.lowerBound)
            var first: (line: Int, column: Int)?
            var lastMaskLine = line
            var piece = range.lowerBound
            while piece < range.upperBound {
                var end = piece
                while end < range.upperBound, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                var start = piece
                while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
                copy(piece..<start)
                var contentEnd = end
                if contentEnd > start, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
                if contentEnd > start {
                    if first == nil { first = (line, column) }
                    lastMaskLine = line
                    output += mask
                    column += Redaction.mask.count
                }
                copy(contentEnd..<end)
                if end < range.upperBound { copy(end..<(end + 1)) }
                piece = end + 1
            }
            cursor = range.upperBound
            if let first {
                redactions.append(Redaction(line: first.line, endLine: lastMaskLine, column: first.column,
                                            reason: match.reason, key: match.key))
            }
        }
        copy(cursor..<bytes.count)
        return (String(decoding: output, as: UTF8.self), redactions)
    }
}

/// Where Markdown keeps code: front matter, fenced and indented blocks, inline code spans.
enum MarkdownCode {
    static func regions(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var regions: [Range<Int>] = []
        var index = 0
        var fence: (byte: UInt8, length: Int, start: Int)?
        var lineNumber = 0
        var frontMatterStart: Int?
        while index < bytes.count {
            var end = index
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            var indent = 0
            while index + indent < end, bytes[index + indent] == UInt8(ascii: " ") { indent += 1 }
            let content = index + indent
            func run(of byte: UInt8) -> Int {
                var length = 0
                while content + length < end, bytes[content + length] == byte { length += 1 }
                return length
            }
            let isDashes = end - index >= 3 && run(of: UInt8(ascii: "-")) == end - content && indent == 0
            if lineNumber == 1, isDashes {
                frontMatterStart = index
            } else if let start = frontMatterStart {
                if isDashes || (end - index == 3 && run(of: UInt8(ascii: ".")) == 3) {
                    regions.append(start..<end)
                    frontMatterStart = nil
                }
            } else if let open = fence {
                if indent < 4, run(of: open.byte) >= open.length {
                    regions.append(open.start..<end)
                    fence = nil
                }
            } else if indent < 4, content < end, bytes[content] == UInt8(ascii: "`") || bytes[content] == UInt8(ascii: "~"),
                      run(of: bytes[content]) >= 3 {
                fence = (bytes[content], run(of: bytes[content]), index)
            } else if indent >= 4 || (index < end && bytes[index] == UInt8(ascii: "\t")) {
                regions.append(index..<end)
            } else {
                // Inline code spans: backtick runs closed by a run of the same length on the line.
                var cursor = content
                while cursor < end {
                    guard bytes[cursor] == UInt8(ascii: "`") else { cursor += 1; continue }
                    var length = 0
                    while cursor + length < end, bytes[cursor + length] == UInt8(ascii: "`") { length += 1 }
                    var search = cursor + length
                    var closed = false
                    while search < end {
                        if bytes[search] == UInt8(ascii: "`") {
                            var other = 0
                            while search + other < end, bytes[search + other] == UInt8(ascii: "`") { other += 1 }
                            if other == length {
                                regions.append((cursor + length)..<search)
                                cursor = search + other
                                closed = true
                                break
                            }
                            search += other
                        } else {
                            search += 1
                        }
                    }
                    if !closed { cursor += length }
                }
            }
            index = end + 1
        }
        if let open = fence { regions.append(open.start..<bytes.count) }
        if let start = frontMatterStart { regions.append(start..<bytes.count) }
        return regions
    }
}
