import AlmanacModel

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
    /// The element being skipped (lower case), with the depth of its own nesting.
    private var skipName: [UInt8]?
    private var skipDepth = 0
    private var headingLevel = 0
    private var headingID = ""
    private var text: [UInt8] = []

    mutating func read() {
        var index = 0
        let count = bytes.count
        while index < count, !mainDone {
            // Between the head and `<main>` (the site header) nothing is read: jump there.
            if headDone, !inMain, !mainSought {
                mainSought = true
                // A page that asks to stay out of the index (source views) is not read further.
                if meta["almanac:search"] == "skip" { break }
                if let main = bytes.withUnsafeBufferPointer({ ByteSearch.find(Self.mainTag, in: $0, from: index) }), main > index {
                    index = main
                }
            }
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

    static let mainTag = Array("<main".utf8)
    /// `</head>` was read: what follows up to `<main>` is not read.
    private var headDone = false
    /// `<main` was looked for (once).
    private var mainSought = false
    /// `</main>` was read: nothing after it is page text.
    private var mainDone = false

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
        let attributesStart = index
        // Inside a skipped element only its own name matters: compared as bytes, no string made.
        if let skipping = skipName {
            if Self.equalsIgnoringCase(bytes[nameStart..<index], skipping) { skipDepth += closing ? -1 : 1 }
            if skipDepth == 0 { skipName = nil }
            return
        }
        let name = Self.lowercasedName(bytes[nameStart..<index])
        // Attributes are parsed only for the few tags that need them.
        func attributes() -> [String: String] { closing ? [:] : parseAttributes(attributesStart, end) }
        switch name {
        case "title" where !inMain:
            if closing { headTitle = collapsed(take()); inTitle = false } else { inTitle = true; text = [] }
            return
        case "meta":
            let attributes = attributes()
            if let key = attributes["name"], key.hasPrefix("almanac:"), let content = attributes["content"] {
                meta[key] = content
            }
            return
        case "main":
            if closing { flushText(); inMain = false; mainDone = true } else { inMain = true; text = [] }
            return
        case "head" where closing:
            headDone = true
            return
        default:
            break
        }
        guard inMain else { return }
        if !closing, Self.skipped.contains(name) || contains(Self.ignoreMarker, in: attributesStart..<end)
            || name == "a" && contains(Self.headingAnchor, in: attributesStart..<end), !Self.void.contains(name) {
            flushText()
            skipName = Array(name.utf8)
            skipDepth = 1
            return
        }
        if name.count == 2, name.first == "h", let level = name.last?.wholeNumberValue, (1...6).contains(level) {
            if closing, level == headingLevel {
                endHeading()
            } else if !closing {
                flushText()
                headingLevel = level
                headingID = attributes()["id"] ?? ""
            }
            return
        }
        if name == "img", let alt = attributes()["alt"] { text += Array(" \(alt) ".utf8) }
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

    /// Entities decoded, runs of white space collapsed to one space, trimmed. Works on bytes:
    /// this runs over every page of the site.
    private func collapsed(_ raw: [UInt8]) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(raw.count)
        var pendingSpace = false
        func space() { pendingSpace = !result.isEmpty }
        func put(_ byte: UInt8) {
            if pendingSpace { result.append(0x20); pendingSpace = false }
            result.append(byte)
        }
        var index = 0
        let count = raw.count
        while index < count {
            let byte = raw[index]
            if isSpace(byte) || byte == 0x0B {
                space()
            } else if byte == 0xC2, index + 1 < count, raw[index + 1] == 0xA0 {  // no-break space
                space()
                index += 1
            } else if byte == UInt8(ascii: "&"), let (decoded, next) = entity(raw, at: index) {
                for scalar in decoded.unicodeScalars {
                    if scalar.properties.isWhitespace { space() } else { for unit in String(scalar).utf8 { put(unit) } }
                }
                index = next
                continue
            } else {
                put(byte)
            }
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The entity starting at `start` (an `&`), decoded, and the index after its `;`.
    private func entity(_ raw: [UInt8], at start: Int) -> (String, Int)? {
        var end = start + 1
        while end < raw.count, end - start <= 12, raw[end] != UInt8(ascii: ";") { end += 1 }
        guard end < raw.count, raw[end] == UInt8(ascii: ";"), end > start + 1 else { return nil }
        let name = String(decoding: raw[(start + 1)..<end], as: UTF8.self)
        return Self.decode(name[...]).map { ($0, end + 1) }
    }

    private func decodeEntities(_ raw: ArraySlice<UInt8>) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        var result: [UInt8] = []
        result.reserveCapacity(raw.count)
        let bytes = Array(raw)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&"), let (decoded, next) = entity(bytes, at: index) {
                result += Array(decoded.utf8)
                index = next
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
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

    /// A tag name in lower case; the names Almanac writes are lower-case ASCII already.
    static func lowercasedName(_ raw: ArraySlice<UInt8>) -> String {
        guard raw.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            return String(decoding: raw, as: UTF8.self)
        }
        return String(decoding: raw.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// `raw` equals the lower-case ASCII `name`, ignoring case.
    static func equalsIgnoringCase(_ raw: ArraySlice<UInt8>, _ name: [UInt8]) -> Bool {
        guard raw.count == name.count else { return false }
        for (byte, expected) in zip(raw, name) where byte != expected {
            guard byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z"), byte + 32 == expected else { return false }
        }
        return true
    }

    static let ignoreMarker = Array("data-search-ignore".utf8)
    /// The `#` link after each document heading is not page text.
    static let headingAnchor = Array("class=\"heading-anchor\"".utf8)

    private func contains(_ needle: [UInt8], in range: Range<Int>) -> Bool {
        guard range.count >= needle.count else { return false }
        var index = range.lowerBound
        while index + needle.count <= range.upperBound {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }
}
