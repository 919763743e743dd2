/// A small forgiving scanner for the HTML Almanac writes (not a general HTML parser): it finds
/// the `<title>`, `<meta>` tags, and the headings and text of `<main>`.
struct SearchHTMLReader {
    let bytes: [UInt8]
    private(set) var headTitle = ""
    private(set) var h1 = ""
    private(set) var meta: [String: String] = [:]
    private(set) var sections: [SearchDocument.Section] = [
        SearchDocument.Section(anchor: "", heading: "", minorHeadings: [], text: ""),
    ]

    /// Elements whose content is not page text.
    static let skipped: Set<String> = ["script", "style", "svg", "nav", "template", "noscript", "button", "select"]
    /// Elements that do not break words: `<code>x</code>y` reads as `xy`.
    static let inline: Set<String> = [
        "a", "abbr", "b", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span",
        "strong", "sub", "sup", "time", "u", "var",
    ]
    static let void: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]

    init(bytes: [UInt8]) { self.bytes = bytes }

    private var inMain = false
    private var inTitle = false
    private var skipName: String?
    private var skipDepth = 0
    private var headingLevel = 0
    private var headingID = ""
    private var text: [UInt8] = []

    mutating func read() {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                if let end = tagEnd(from: index) {
                    handleTag(index + 1, end)
                    index = end + 1
                    continue
                }
            }
            if (inMain || inTitle) && skipName == nil { text.append(byte) }
            index += 1
        }
        flushText()
    }

    /// Index of the `>` closing the tag at `start`; comments are skipped whole.
    private func tagEnd(from start: Int) -> Int? {
        if bytes.count > start + 3, bytes[start + 1] == UInt8(ascii: "!"), bytes[start + 2] == UInt8(ascii: "-") {
            var index = start + 4
            while index + 2 < bytes.count {
                if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-"), bytes[index + 2] == UInt8(ascii: ">") {
                    return index + 2
                }
                index += 1
            }
            return nil
        }
        var index = start + 1
        var quote: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index
            }
            index += 1
        }
        return nil
    }

    private mutating func handleTag(_ start: Int, _ end: Int) {
        guard start < end else { return }
        if bytes[start] == UInt8(ascii: "!") || bytes[start] == UInt8(ascii: "?") { return }
        let closing = bytes[start] == UInt8(ascii: "/")
        var index = closing ? start + 1 : start
        let nameStart = index
        while index < end, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/") { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        let attributes = closing ? [:] : parseAttributes(index, end)

        if let skipping = skipName {
            if name == skipping { skipDepth += closing ? -1 : 1 }
            if skipDepth == 0 { skipName = nil }
            return
        }
        switch name {
        case "title" where !inMain:
            if closing { headTitle = collapsed(take()); inTitle = false } else { inTitle = true; text = [] }
            return
        case "meta":
            if let key = attributes["name"], key.hasPrefix("almanac:"), let content = attributes["content"] {
                meta[key] = content
            }
            return
        case "main":
            if closing { flushText(); inMain = false } else { inMain = true; text = [] }
            return
        default:
            break
        }
        guard inMain else { return }
        if !closing, Self.skipped.contains(name) || attributes["data-search-ignore"] != nil, !Self.void.contains(name) {
            flushText()
            skipName = name
            skipDepth = 1
            return
        }
        if name.count == 2, name.first == "h", let level = name.last?.wholeNumberValue, (1...6).contains(level) {
            if closing, level == headingLevel {
                endHeading()
            } else if !closing {
                flushText()
                headingLevel = level
                headingID = attributes["id"] ?? ""
            }
            return
        }
        if name == "img", let alt = attributes["alt"] { text += Array(" \(alt) ".utf8) }
        if !Self.inline.contains(name) { text.append(UInt8(ascii: " ")) }
    }

    private mutating func endHeading() {
        let heading = collapsed(take())
        if headingLevel == 1 {
            h1 = h1.isEmpty ? heading : h1
        } else if !headingID.isEmpty {
            sections.append(SearchDocument.Section(anchor: headingID, heading: heading, minorHeadings: [], text: ""))
        } else if !heading.isEmpty {
            sections[sections.count - 1].minorHeadings.append(heading)
            appendText(heading)
        }
        headingLevel = 0
        headingID = ""
    }

    private mutating func flushText() {
        guard headingLevel == 0 else { return }
        appendText(collapsed(take()))
    }

    private mutating func appendText(_ piece: String) {
        guard !piece.isEmpty else { return }
        let last = sections.count - 1
        sections[last].text += sections[last].text.isEmpty ? piece : " " + piece
    }

    private mutating func take() -> [UInt8] {
        defer { text = [] }
        return text
    }

    private func parseAttributes(_ from: Int, _ end: Int) -> [String: String] {
        var result: [String: String] = [:]
        var index = from
        while index < end {
            while index < end, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1 }
            let nameStart = index
            while index < end, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: "/") { index += 1 }
            guard index > nameStart else { break }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            var value = ""
            if index < end, bytes[index] == UInt8(ascii: "=") {
                index += 1
                if index < end, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    let valueStart = index + 1
                    index = valueStart
                    while index < end, bytes[index] != quote { index += 1 }
                    value = decodeEntities(bytes[valueStart..<min(index, end)])
                    index += 1
                } else {
                    let valueStart = index
                    while index < end, !isSpace(bytes[index]) { index += 1 }
                    value = decodeEntities(bytes[valueStart..<index])
                }
            }
            result[name] = value
        }
        return result
    }

    /// Entities decoded, runs of white space collapsed to one space, trimmed.
    private func collapsed(_ raw: [UInt8]) -> String {
        let decoded = decodeEntities(raw[...])
        var result = ""
        result.reserveCapacity(decoded.utf8.count)
        var pendingSpace = false
        for character in decoded {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    private func decodeEntities(_ raw: ArraySlice<UInt8>) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        let text = String(decoding: raw, as: UTF8.self)
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[amp...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = after[after.index(after: amp)..<semicolon]
            if let decoded = Self.decode(entity) {
                result += decoded
            } else {
                result += after[amp...semicolon]
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        result += rest
        return result
    }

    static func decode(_ entity: Substring) -> String? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return " "
        default:
            guard entity.hasPrefix("#") else { return nil }
            let digits = entity.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }
}
