import Foundation

/// Makes Graphviz's SVG output safe to inline in a page. Graphviz escapes label text, but a DOT
/// file from the repo can set `URL`, `href` or `target` on any graph, node or edge, and those
/// become `<a xlink:href="…">`: a `javascript:` URL there would run in the site's origin. Links
/// are kept only when they are http(s), in-page (`#…`) or relative; any other scheme loses the
/// link (and its `target`). `<image>` elements (from `image=`, which names files of the machine
/// that built the site) are dropped, and so is everything before `<svg` (prolog, doctype,
/// generator comment), so the result can sit inside HTML.
enum DiagramSVGSanitizer {
    private static let tag = try! NSRegularExpression(pattern: #"<[A-Za-z][^<>]*>"#)
    private static let linkAttribute = try! NSRegularExpression(
        pattern: #"\s(?:xlink:href|href)\s*=\s*(?:"[^"]*"|'[^']*')"#, options: [.caseInsensitive])
    private static let targetAttribute = try! NSRegularExpression(
        pattern: #"\s(?:xlink:show|target)\s*=\s*(?:"[^"]*"|'[^']*')"#, options: [.caseInsensitive])
    private static let image = try! NSRegularExpression(
        pattern: #"<image\b[^>]*?(?:/>|>.*?</image>)"#, options: [.caseInsensitive, .dotMatchesLineSeparators])

    static func sanitize(_ svg: String) -> String {
        var text = svg
        if let start = text.range(of: "<svg") { text = String(text[start.lowerBound...]) }
        text = replace(image, in: text) { _ in "" }
        return replace(tag, in: text) { element in
            var unsafe = false
            let cleaned = replace(linkAttribute, in: element) { attribute in
                let value = attribute.split(separator: "=", maxSplits: 1).last.map(String.init) ?? ""
                let unquoted = value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                if isSafeURL(unquoted) { return attribute }
                unsafe = true
                return ""
            }
            return unsafe ? replace(targetAttribute, in: cleaned) { _ in "" } : cleaned
        }
    }

    /// http(s), `#fragment`, or a relative reference; judged after decoding character references
    /// and dropping the whitespace and control characters browsers ignore inside a scheme.
    static func isSafeURL(_ raw: String) -> Bool {
        let decoded = decodeReferences(raw).unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }
        let value = String(String.UnicodeScalarView(decoded)).lowercased()
        if value.hasPrefix("http://") || value.hasPrefix("https://") || value.hasPrefix("#") { return true }
        // A scheme is whatever precedes the first ':' — unless '/', '?' or '#' comes first.
        guard let colon = value.firstIndex(of: ":") else { return true }
        return value[..<colon].contains { $0 == "/" || $0 == "?" || $0 == "#" }
    }

    /// Decodes `&amp;`-style and numeric character references (`&#106;`, `&#x6A;`).
    static func decodeReferences(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                result.append("&")
                rest = after
                continue
            }
            let name = after[..<semicolon]
            var scalar: Unicode.Scalar?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            } else if name.hasPrefix("#") {
                scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
            } else {
                let named: [Substring: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
                                                          "colon": ":", "Tab": "\t", "NewLine": "\n"]
                scalar = named[name]
            }
            if let scalar {
                result.unicodeScalars.append(scalar)
                rest = after[after.index(after: semicolon)...]
            } else {
                result.append("&")
                rest = after
            }
        }
        result += rest
        return result
    }

    private static func replace(_ pattern: NSRegularExpression, in text: String, with transform: (String) -> String) -> String {
        let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text))
        guard !matches.isEmpty else { return text }
        var result = ""
        var last = text.startIndex
        for match in matches {
            guard let range = Range(match.range, in: text) else { continue }
            result += text[last..<range.lowerBound]
            result += transform(String(text[range]))
            last = range.upperBound
        }
        result += text[last...]
        return result
    }
}
