@testable import AlmanacScan
@testable import AlmanacSite

/// (6) The search tokenizer, as `SearchIndex` runs it on page text and the browser on queries.
enum TokenizerTarget {
    static func run(_ text: String) {
        var terms: [Term] = []
        SearchTokenizer.forEachTerm(in: text) { terms.append(Term(text: $0, whole: $1)) }
        let isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        for term in terms {
            let count = term.text.unicodeScalars.count
            require(count >= 2 && count <= 64, "term '\(term.text)' of \(count) characters")
            require(!SearchTokenizer.stopWords.contains(term.text), "stop word '\(term.text)'")
            guard isASCII else { continue }
            require(term.text.utf8.allSatisfy(isTermByte), "term '\(term.text)' has other characters than a-z 0-9 . - _")
            // A term typed as a query finds itself.
            require(SearchTokenizer.terms(term.text).contains(term.text), "'\(term.text)' does not tokenize to itself")
        }
        if isASCII {
            // ASCII text takes the byte path; one non-ASCII word, too short to be a term, sends
            // the same text down the scalar path. Both apply the same rules.
            var scalarTerms: [Term] = []
            SearchTokenizer.forEachTerm(in: text + " \u{E9}") { scalarTerms.append(Term(text: $0, whole: $1)) }
            require(scalarTerms == terms, "byte path \(terms) differs from scalar path \(scalarTerms)")
        }
    }

    struct Term: Equatable, CustomStringConvertible {
        var text: String
        var whole: Bool
        var description: String { whole ? text : "(\(text))" }
    }

    static func isTermByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}

/// (7) SVG: the whitelist sanitizer for Graphviz output inlined in pages, and the check that
/// keeps script-capable `.svg` files from being published as images.
enum SVGTarget {
    static let elements = Set(DiagramSVGSanitizer.elements.values)
    static let attributes = Set(DiagramSVGSanitizer.attributes.values)

    static func run(_ text: String) {
        if let problem = SVGSafety.problem(in: text) {
            require(problem.line >= 1 && problem.line <= lineCount(text), "problem at line \(problem.line) of \(lineCount(text))")
        }
        checkInert(DiagramSVGSanitizer.sanitize(text, idPrefix: "d1-"))
    }

    /// Reads the output byte by byte, as a browser would: only whitelisted elements and
    /// attributes, every attribute double-quoted, `&` only in the five escapes, and links only to
    /// http(s) or without a scheme.
    static func checkInert(_ output: String) {
        let bytes = Array(output.utf8)
        let lower = output.lowercased()
        require(!lower.contains("<script"), "a <script> in the output")
        var index = 0
        func fail(_ what: String) -> Never {
            require(false, "\(what) at byte \(index) of:\n\(output)")
            fatalError()
        }
        func name() -> String {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: " "), bytes[index] != UInt8(ascii: ">"),
                  bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: "=") { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        func expect(_ byte: UInt8) {
            guard index < bytes.count, bytes[index] == byte else { fail("expected '\(Character(Unicode.Scalar(byte)))'") }
            index += 1
        }
        func escape() {
            for escape in ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"] where bytes[index...].starts(with: escape.utf8) {
                index += escape.utf8.count
                return
            }
            fail("a bare '&'")
        }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "<"):
                index += 1
                let closing = index < bytes.count && bytes[index] == UInt8(ascii: "/")
                if closing { index += 1 }
                let element = name()
                guard elements.contains(element) else { fail("element '\(element)'") }
                if closing { expect(UInt8(ascii: ">")); continue }
                while index < bytes.count, bytes[index] == UInt8(ascii: " ") {
                    index += 1
                    let attribute = name()
                    guard attributes.contains(attribute) else { fail("attribute '\(attribute)'") }
                    expect(UInt8(ascii: "="))
                    expect(UInt8(ascii: "\""))
                    var value: [UInt8] = []
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                        switch bytes[index] {
                        case UInt8(ascii: "<"), UInt8(ascii: ">"): fail("'<' or '>' in a value")
                        case UInt8(ascii: "&"):
                            let start = index
                            escape()
                            value += unescape(Array(bytes[start..<index]))
                        default:
                            value.append(bytes[index])
                            index += 1
                        }
                    }
                    expect(UInt8(ascii: "\""))
                    if attribute == "href" || attribute == "xlink:href" {
                        let url = String(decoding: value, as: UTF8.self)
                        guard let scheme = scheme(of: url) else { continue }
                        require(scheme == "http" || scheme == "https", "a '\(scheme):' link survives: \(url)")
                    }
                }
                if index < bytes.count, bytes[index] == UInt8(ascii: "/") { index += 1 }
                expect(UInt8(ascii: ">"))
            case UInt8(ascii: ">"):
                fail("a bare '>'")
            case UInt8(ascii: "&"):
                escape()
            default:
                index += 1
            }
        }
    }

    static func unescape(_ escape: [UInt8]) -> [UInt8] {
        switch String(decoding: escape, as: UTF8.self) {
        case "&amp;": Array("&".utf8)
        case "&lt;": Array("<".utf8)
        case "&gt;": Array(">".utf8)
        case "&quot;": Array("\"".utf8)
        default: Array("'".utf8)
        }
    }

    /// The scheme a browser reads in an attribute's URL (WHATWG URL parser: leading and
    /// trailing C0 controls and spaces stripped, tabs and line breaks removed), lower-cased.
    static func scheme(of url: String) -> String? {
        var scalars = Array(url.unicodeScalars)
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        scalars.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = scalars.first, first.isASCII, first.properties.isAlphabetic else { return nil }
        var scheme = ""
        for scalar in scalars {
            if scalar == ":" { return scheme.lowercased() }
            guard scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || scalar == "+" || scalar == "-" || scalar == "." else { return nil }
            scheme.unicodeScalars.append(scalar)
        }
        return nil
    }
}
