import AlmanacModel
import Foundation

/// A conservative test for SVG that could run script when opened on its own: anything that
/// looks like a script element, an event handler, a foreign object, an entity declaration, a
/// style sheet processing instruction, an animation that changes a link, a reference to another
/// document or a script URL disqualifies the file. The text is read as an XML parser and a browser
/// would: numeric character references decoded (`&#106;avascript:`), and for URLs, spaces and
/// control characters ignored (`java&#x0A;script:`). False alarms are acceptable; a missed script
/// is not.
enum SVGSafety {
    struct Problem: Equatable {
        var what: String
        var line: Int
    }

    private static let patterns: [(String, NSRegularExpression)] = [
        ("a <script> element", #"<\s*([a-z0-9_-]+:)?script\b"#),
        ("an event handler attribute", #"[\s"'/:]on[a-z]+\s*="#),
        ("a <foreignObject> element", #"<\s*([a-z0-9_-]+:)?foreignObject\b"#),
        ("an embedded document", #"<\s*([a-z0-9_-]+:)?(iframe|embed|object|handler|listener)\b"#),
        ("an entity declaration", #"<!\s*ENTITY"#),
        ("a style sheet processing instruction", #"<\?\s*xml-stylesheet"#),
        ("an animation of a link", #"<\s*([a-z0-9_-]+:)?(animate|set|animateMotion|animateTransform|animateColor)\b[^>]*attributeName\s*=\s*["']?\s*([a-z0-9_-]+:)?href"#),
        ("a reference to another document", #"<\s*([a-z0-9_-]+:)?use\b[^>]*href\s*=\s*["']\s*[^"'#\s]"#),
    ].map { ($0.0, try! NSRegularExpression(pattern: $0.1, options: [.caseInsensitive])) }

    /// URL schemes that run code, looked for with spaces and control characters removed.
    private static let scriptURL = try! NSRegularExpression(
        pattern: #"(java|vb)script:|data:(text/html|image/svg|application|text/xml)"#, options: [.caseInsensitive])

    /// The first disqualifying construct and its 1-based line, or nil when the SVG looks inert.
    static func problem(in text: String) -> Problem? {
        let bytes = Array(text.utf8)
        // `decoded` is the text with character references decoded; `origin` maps each of its bytes
        // back to the byte of the file it came from.
        var (decoded, origin) = decodeReferences(bytes)
        var found: [(offset: Int, what: String)] = []
        let decodedText = String(decoding: decoded, as: UTF8.self)
        for (what, pattern) in patterns {
            if let match = firstMatch(pattern, in: decodedText) { found.append((origin[safe: match] ?? 0, what)) }
        }
        // Browsers ignore spaces, tabs and line breaks inside a URL's scheme: so does this check.
        var squeezed: [UInt8] = []
        var squeezedOrigin: [Int] = []
        for (index, byte) in decoded.enumerated() where byte > 0x20 {
            squeezed.append(byte)
            squeezedOrigin.append(origin[index])
        }
        decoded = squeezed
        origin = squeezedOrigin
        if let match = firstMatch(scriptURL, in: String(decoding: decoded, as: UTF8.self)) {
            found.append((origin[safe: match] ?? 0, "a script URL"))
        }
        guard let first = found.min(by: { $0.offset < $1.offset }) else { return nil }
        let line = bytes[..<min(first.offset, bytes.count)].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        return Problem(what: first.what, line: line)
    }

    /// The byte offset (in the UTF-8 of `text`) where `pattern` first matches.
    private static func firstMatch(_ pattern: NSRegularExpression, in text: String) -> Int? {
        guard let match = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range, in: text) else { return nil }
        return text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
    }

    /// Decodes `&#N;`, `&#xH;` (semicolon optional, as browsers accept) and the five XML
    /// entities; keeps a map from each output byte to its input byte.
    static func decodeReferences(_ bytes: [UInt8]) -> ([UInt8], [Int]) {
        var output: [UInt8] = []
        var origin: [Int] = []
        output.reserveCapacity(bytes.count)
        origin.reserveCapacity(bytes.count)
        var index = 0
        let named: [(String, UInt8)] = [("amp;", 0x26), ("lt;", 0x3C), ("gt;", 0x3E), ("quot;", 0x22), ("apos;", 0x27)]
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "#") {
                    var cursor = index + 2
                    let hex = cursor < bytes.count && (bytes[cursor] | 0x20) == UInt8(ascii: "x")
                    if hex { cursor += 1 }
                    var value: UInt32 = 0
                    var digits = 0
                    while cursor < bytes.count, digits < 12 {
                        let digit = bytes[cursor]
                        let number: UInt32
                        if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) {
                            number = UInt32(digit - UInt8(ascii: "0"))
                        } else if hex, (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(digit | 0x20) {
                            number = UInt32((digit | 0x20) - UInt8(ascii: "a") + 10)
                        } else {
                            break
                        }
                        value = min(value &* (hex ? 16 : 10) &+ number, 0x10FFFF)
                        digits += 1
                        cursor += 1
                    }
                    if digits > 0 {
                        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";") { cursor += 1 }
                        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                        for unit in String(Character(scalar)).utf8 {
                            output.append(unit)
                            origin.append(index)
                        }
                        index = cursor
                        continue
                    }
                } else if let (name, value) = named.first(where: { entity in
                    bytes[(index + 1)...].starts(with: entity.0.utf8)
                }) {
                    output.append(value)
                    origin.append(index)
                    index += 1 + name.utf8.count
                    continue
                }
            }
            output.append(byte)
            origin.append(index)
            index += 1
        }
        return (output, origin)
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
