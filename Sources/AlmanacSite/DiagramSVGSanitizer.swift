import Foundation

/// Makes Graphviz's SVG output safe to inline in a page, by re-writing it through a whitelist.
///
/// Graphviz escapes labels and tooltips, but not everything a DOT file from the repo controls:
/// `URL`/`href`, `target`, `fontname` and the `HREF` of HTML-like labels are written raw, so a
/// `"` in them closes the attribute and whatever follows (`onmouseover=…`, `<script>`) lands in
/// the page. So the SVG is tokenized the way a browser's HTML tokenizer reads inline SVG, and
/// written out again with only known Graphviz elements and attributes, every value re-escaped.
/// Links survive only when they are http(s), in-page (`#…`) or relative; any other scheme
/// (`javascript:`, `data:` …) loses the link and its `target`. Comments, the XML prolog and the
/// doctype are dropped, so the result can sit inside HTML.
enum DiagramSVGSanitizer {
    /// Elements Graphviz writes, by lower-cased name → the SVG spelling.
    static let elements: [String: String] = Dictionary(uniqueKeysWithValues: [
        "svg", "g", "a", "title", "desc", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line", "text",
        "tspan", "defs", "linearGradient", "radialGradient", "stop",
    ].map { ($0.lowercased(), $0) })

    /// Attributes Graphviz writes, by lower-cased name → the SVG spelling.
    static let attributes: [String: String] = Dictionary(uniqueKeysWithValues: [
        "id", "class", "transform", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity",
        "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "points", "d", "cx", "cy", "r", "rx", "ry", "x", "y",
        "x1", "y1", "x2", "y2", "dx", "dy", "width", "height", "viewBox", "preserveAspectRatio", "text-anchor",
        "font-family", "font-size", "font-weight", "font-style", "font-variant", "text-decoration", "baseline-shift",
        "opacity", "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "xmlns", "xmlns:xlink",
        "xlink:href", "href", "xlink:title", "target", "role", "aria-label", "aria-hidden", "focusable",
    ].map { ($0.lowercased(), $0) })

    /// `idPrefix` goes in front of every id (and every `#id` reference), so several diagrams on
    /// one page do not share Graphviz's `node1`, `edge1` … ids.
    static func sanitize(_ svg: String, idPrefix: String = "") -> String {
        var text = svg[...]
        if let start = text.range(of: "<svg") { text = text[start.lowerBound...] }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var tokenizer = Tokenizer(text: text)
        var skipping: (name: String, depth: Int)?
        while let token = tokenizer.next() {
            switch token {
            case .text(let value):
                if skipping == nil { output += HTML.escape(decodeReferences(value)) }
            case .startTag(let name, let attributes, let selfClosing):
                if var skip = skipping {
                    if name == skip.name, !selfClosing { skip.depth += 1; skipping = skip }
                    continue
                }
                guard let element = elements[name] else {
                    if !selfClosing { skipping = (name, 1) }
                    continue
                }
                output += "<" + element + serialize(attributes, idPrefix: idPrefix) + (selfClosing ? "/>" : ">")
            case .endTag(let name):
                if var skip = skipping {
                    if name == skip.name { skip.depth -= 1; skipping = skip.depth == 0 ? nil : skip }
                    continue
                }
                if let element = elements[name] { output += "</" + element + ">" }
            }
        }
        return output
    }

    private static func serialize(_ pairs: [(String, String)], idPrefix: String) -> String {
        var kept: [(String, String)] = []
        var droppedLink = false
        for (name, raw) in pairs {
            guard let attribute = attributes[name] else { continue }
            var value = decodeReferences(raw)
            if attribute == "xlink:href" || attribute == "href" {
                guard isSafeURL(value) else { droppedLink = true; continue }
                if value.hasPrefix("#") { value = "#" + idPrefix + value.dropFirst() }
            } else if value.lowercased().contains("url(") {
                guard value.lowercased().contains("url(#") else { continue }
                value = value.replacingOccurrences(of: "url(#", with: "url(#" + idPrefix)
            } else if attribute == "id" {
                value = idPrefix + value
            }
            if kept.contains(where: { $0.0 == attribute }) { continue }
            kept.append((attribute, value))
        }
        if droppedLink { kept.removeAll { $0.0 == "target" } }
        return kept.map { " \($0.0)=\"\(HTML.escape($0.1))\"" }.joined()
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

    /// Decodes numeric character references and the common named ones; others stay literal
    /// (and are escaped again on output, so the browser does not decode them either).
    static func decodeReferences<S: StringProtocol>(_ text: S) -> String {
        guard text.contains("&") else { return String(text) }
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
            let name = String(after[..<semicolon])
            var scalar: Unicode.Scalar?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            } else if name.hasPrefix("#") {
                scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
            } else {
                let named: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
                                                       "colon": ":", "Tab": "\t", "NewLine": "\n", "nbsp": "\u{A0}"]
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

    /// The parts of HTML's tokenizer that matter for inline SVG: text, start and end tags with
    /// attributes (double-, single- or un-quoted), comments and `<!…>`/`<?…>` declarations.
    struct Tokenizer {
        enum Token {
            case text(Substring)
            case startTag(String, [(String, String)], selfClosing: Bool)
            case endTag(String)
        }

        var text: Substring

        mutating func next() -> Token? {
            while !text.isEmpty {
                guard text.first == "<" else {
                    let end = text.firstIndex(of: "<") ?? text.endIndex
                    defer { text = text[end...] }
                    return .text(text[..<end])
                }
                let after = text.dropFirst()
                if after.hasPrefix("!--") {
                    text = after.range(of: "-->").map { after[$0.upperBound...] } ?? ""
                    continue
                }
                if after.first == "!" || after.first == "?" {
                    text = after.firstIndex(of: ">").map { after[after.index(after: $0)...] } ?? ""
                    continue
                }
                if after.first == "/", let letter = after.dropFirst().first, letter.isLetter {
                    text = after.dropFirst()
                    let name = readName()
                    _ = readAttributes()
                    return .endTag(name)
                }
                if let letter = after.first, letter.isLetter {
                    text = after
                    let name = readName()
                    let (attributes, selfClosing) = readAttributes()
                    return .startTag(name, attributes, selfClosing: selfClosing)
                }
                text = after
                return .text("<")
            }
            return nil
        }

        private mutating func readName() -> String {
            let end = text.firstIndex { $0.isWhitespace || $0 == "/" || $0 == ">" } ?? text.endIndex
            defer { text = text[end...] }
            return text[..<end].lowercased()
        }

        private mutating func readAttributes() -> ([(String, String)], Bool) {
            var attributes: [(String, String)] = []
            var selfClosing = false
            while let character = text.first {
                if character == ">" { text = text.dropFirst(); return (attributes, selfClosing) }
                if character.isWhitespace { text = text.dropFirst(); continue }
                if character == "/" { selfClosing = text.dropFirst().first == ">"; text = text.dropFirst(); continue }
                selfClosing = false
                let nameEnd = text.dropFirst().firstIndex { $0.isWhitespace || $0 == "/" || $0 == ">" || $0 == "=" } ?? text.endIndex
                let name = text[..<nameEnd].lowercased()
                text = text[nameEnd...].drop { $0.isWhitespace }
                var value = ""
                if text.first == "=" {
                    text = text.dropFirst().drop { $0.isWhitespace }
                    if let quote = text.first, quote == "\"" || quote == "'" {
                        let body = text.dropFirst()
                        let end = body.firstIndex(of: quote) ?? body.endIndex
                        value = String(body[..<end])
                        text = end == body.endIndex ? "" : body[body.index(after: end)...]
                    } else {
                        let end = text.firstIndex { $0.isWhitespace || $0 == ">" } ?? text.endIndex
                        value = String(text[..<end])
                        text = text[end...]
                    }
                }
                attributes.append((name, value))
            }
            return (attributes, selfClosing)
        }
    }
}
