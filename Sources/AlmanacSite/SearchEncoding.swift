import Foundation

/// Compact, deterministic encodings for the search index files.
enum SearchEncoding {
    static let vlqDigits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// Postings as base-64 VLQ (5 bits a character, 32 = more follows): for each posting the
    /// gap to the previous document number, then the code. `[(3,1),(4,6)]` → `"DBBG"`.
    static func vlq(_ postings: [(document: Int, code: Int)]) -> String {
        var result = ""
        var previous = 0
        for posting in postings {
            appendVLQ(posting.document - previous, to: &result)
            appendVLQ(posting.code, to: &result)
            previous = posting.document
        }
        return result
    }

    static func appendVLQ(_ value: Int, to result: inout String) {
        var rest = value
        repeat {
            var digit = rest & 31
            rest >>= 5
            if rest > 0 { digit |= 32 }
            result.append(vlqDigits[digit])
        } while rest > 0
    }

    /// A JSON string literal that is also safe inside any script: `<`, `>`, `&`, U+2028 and
    /// U+2029 are escaped.
    static func literal(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "<": result += "\\u003c"
            case ">": result += "\\u003e"
            case "&": result += "\\u0026"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// `text` cut to at most `limit` characters at a word boundary, with "…" when cut.
    static func clip(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        guard limit > 1 else { return "" }
        var cut = text.prefix(limit - 1)
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = cut[..<space]
        }
        return cut + "…"
    }

    static func base36(_ value: Int, width: Int) -> String {
        let digits = String(value, radix: 36)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// FNV-1a, 64 bits: a stable fingerprint of the index for cache busting.
    struct FNV {
        private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func add(_ data: Data) {
            for byte in data {
                value ^= UInt64(byte)
                value = value &* 0x100_0000_01b3
            }
        }

        var hex: String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
    }
}
