import AlmanacModel
@testable import AlmanacScan

/// Checks shared by the targets that publish text (redaction, and the YAML scan's masked tree).
enum Published {
    /// What `Redactor.publish` promises about its output: every line stays where it was, and
    /// each redaction points at a mask in the published text.
    static func check(original: String, published: String, redactions: [Redaction]) {
        let lines = lineSlices(published)
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

    /// What the text rules find again where `text` holds masks: a match over a mask that covers
    /// more than masks means a secret was masked only in part. (Elsewhere the rules may judge
    /// published text differently from the original, because a mask changes what stands next
    /// to a token: `Basic dXNl$1$…` masks the credentials, and then `$1$…` stands alone and
    /// looks like a password hash. That is not a secret the original showed.)
    static func leftAtMasks(_ text: String, keyValueRegions: [Range<Int>]? = nil) -> [SecretMatch] {
        let bytes = Array(text.utf8)
        let masks = maskRuns(bytes)
        return SecretText.find(in: text, keyValueRegions: keyValueRegions).filter { match in
            let range = match.range.clamped(to: 0..<bytes.count)
            return masks.contains { $0.overlaps(range) } && !isMaskOnly(bytes, range)
        }
    }

    /// Byte ranges of the runs of "•" in `bytes`.
    static func maskRuns(_ bytes: [UInt8]) -> [Range<Int>] {
        let bullet = Array(Redaction.mask.utf8.prefix(3))
        var runs: [Range<Int>] = []
        var index = 0
        while index + 3 <= bytes.count {
            guard bytes[index] == bullet[0], bytes[index + 1] == bullet[1], bytes[index + 2] == bullet[2] else { index += 1; continue }
            let start = index
            while index + 3 <= bytes.count, bytes[index] == bullet[0], bytes[index + 1] == bullet[1], bytes[index + 2] == bullet[2] {
                index += 3
            }
            runs.append(start..<index)
        }
        return runs
    }
}
