import AlmanacModel
@testable import AlmanacScan

/// Checks shared by the targets that publish text (redaction, and the YAML scan's masked tree).
enum Published {
    /// What `Redactor.publish` promises about its output: every line stays where it was, and
    /// each redaction points at a mask in the published text.
    static func check(original: String, published: String, redactions: [Redaction]) {
        let lines = published.split(separator: "\n", omittingEmptySubsequences: false)
        require(lines.count == lineCount(original),
                "published text has \(lines.count) lines, the original \(lineCount(original))")
        let mask = Array(Redaction.mask.unicodeScalars)
        for redaction in redactions {
            require(redaction.line >= 1 && redaction.line <= redaction.endLine && redaction.endLine <= lines.count,
                    "redaction at lines \(redaction.line)-\(redaction.endLine) of \(lines.count)")
            let scalars = Array(lines[redaction.line - 1].unicodeScalars)
            require(redaction.column >= 1 && redaction.column - 1 + mask.count <= scalars.count
                        && Array(scalars[(redaction.column - 1)..<(redaction.column - 1 + mask.count)]) == mask,
                    "no mask at line \(redaction.line), column \(redaction.column)")
        }
    }

    /// Whether every byte of `range` is part of a mask, white space or a line break: what a
    /// match in already published text may cover.
    static func isMaskOnly(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        let mask = Array(Redaction.mask.utf8.prefix(3))  // one "•"
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                index += 1
            } else if index + 3 <= bytes.count, Array(bytes[index..<(index + 3)]) == mask {
                index += 3
            } else {
                return false
            }
        }
        return true
    }

    /// The secrets the text rules still find in `text`, other than masks.
    static func unmasked(_ text: String, keyValueRegions: [Range<Int>]? = nil) -> [SecretMatch] {
        let bytes = Array(text.utf8)
        return SecretText.find(in: text, keyValueRegions: keyValueRegions).filter { match in
            !isMaskOnly(bytes, match.range.clamped(to: 0..<bytes.count))
        }
    }
}
