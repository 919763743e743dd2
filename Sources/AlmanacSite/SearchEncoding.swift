import Foundation

/// Compact, deterministic encodings for the search index files.
enum SearchEncoding {
    static let vlqDigits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// Postings as base-64 VLQ (5 bits a character, 32 = more follows): for each posting the
    /// gap to the previous document number, then the code. `[(3,1),(4,6)]` → `"DBBG"`.
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
        // Byte by byte: every text of every page passes here.
        var result: [UInt8] = [0x22]
        result.reserveCapacity(text.utf8.count + 8)
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22: result.append(0x5C); result.append(0x22)
            case 0x5C: result.append(0x5C); result.append(0x5C)
            case 0x0A: result.append(0x5C); result.append(0x6E)  // n
            case 0x09: result.append(0x5C); result.append(0x74)  // t
            case 0x0D: result.append(0x5C); result.append(0x72)  // r
            case 0x3C: result.append(contentsOf: Self.escapedLess)
            case 0x3E: result.append(contentsOf: Self.escapedGreater)
            case 0x26: result.append(contentsOf: Self.escapedAmpersand)
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                result.append(contentsOf: bytes[index + 2] == 0xA8 ? Self.escapedLineSeparator : Self.escapedParagraphSeparator)
                index += 2
            case ..<0x20:
                result.append(contentsOf: String(format: "\\u%04x", byte).utf8)
            default:
                result.append(byte)
            }
            index += 1
        }
        result.append(0x22)
        return String(decoding: result, as: UTF8.self)
    }

    private static let escapedLess = Array("\\u003c".utf8), escapedGreater = Array("\\u003e".utf8)
    private static let escapedAmpersand = Array("\\u0026".utf8)
    private static let escapedLineSeparator = Array("\\u2028".utf8), escapedParagraphSeparator = Array("\\u2029".utf8)

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
            var value = self.value
            data.withUnsafeBytes { buffer in
                for byte in buffer {
                    value ^= UInt64(byte)
                    value = value &* 0x100_0000_01b3
                }
            }
            self.value = value
        }

        var hex: String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
    }
}
