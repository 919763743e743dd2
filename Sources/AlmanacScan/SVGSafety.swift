import Foundation

/// A conservative test for SVG that could run script when opened on its own: anything that
/// looks like a script element, an event handler, a foreign object, an entity declaration or a
/// script URL disqualifies the file. False alarms are acceptable; a missed script is not.
enum SVGSafety {
    struct Problem: Equatable {
        var what: String
        var line: Int
    }

    private static let patterns: [(String, NSRegularExpression)] = [
        ("a <script> element", #"<\s*script\b"#),
        ("an event handler attribute", #"[\s"'/]on[a-z]+\s*="#),
        ("a <foreignObject> element", #"<\s*foreignObject\b"#),
        ("an embedded document", #"<\s*(iframe|embed|object)\b"#),
        ("an entity declaration", #"<!\s*ENTITY"#),
        ("a script URL", #"(java|vb)script\s*:|data\s*:\s*(text/html|image/svg|application)"#),
        ("a character reference inside a link", #"href\s*=\s*["'][^"']*&#"#),
    ].map { ($0.0, try! NSRegularExpression(pattern: $0.1, options: [.caseInsensitive])) }

    /// The first disqualifying construct and its 1-based line, or nil when the SVG looks inert.
    static func problem(in text: String) -> Problem? {
        let range = NSRange(text.startIndex..., in: text)
        var first: (Int, String)?
        for (what, pattern) in patterns {
            guard let match = pattern.firstMatch(in: text, range: range) else { continue }
            if first == nil || match.range.location < first!.0 { first = (match.range.location, what) }
        }
        guard let (location, what) = first, let index = Range(NSRange(location: location, length: 0), in: text) else {
            return nil
        }
        let line = text[..<index.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        return Problem(what: what, line: line)
    }
}
