import AlmanacModel
@testable import AlmanacScan

/// Checks of published text, shared by the redaction and YAML targets.
enum Published {
    /// What `Redactor.publish` promises: every line stays where it was, each redaction points at
    /// a mask, and the text is the original with exactly the secrets the rules found masked.
    static func check(original: String, published: String, redactions: [Redaction], found: [SecretMatch]) {
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
        let expected = masked(original, found)
        require(published == expected, "published text differs from the original with its secrets masked:\n\(published)\n---\n\(expected)")
    }

    /// An independent statement of the masking rule (`Redactor.apply`'s contract): every byte a
    /// match covers is hidden; within a run of covered bytes, each line keeps its leading blanks
    /// (and a trailing "\r"), and the rest of it becomes one mask.
    static func masked(_ text: String, _ matches: [SecretMatch]) -> String {
        let bytes = Array(text.utf8)
        var covered = [Bool](repeating: false, count: bytes.count)
        for match in matches where !match.range.isEmpty {
            for index in match.range.clamped(to: 0..<bytes.count) { covered[index] = true }
        }
        let mask = Array(Redaction.mask.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard covered[index], bytes[index] != UInt8(ascii: "\n") else {
                output.append(bytes[index])
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, covered[end], bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var start = index
            while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
            var contentEnd = end
            if contentEnd > start, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            output += bytes[index..<start]
            if contentEnd > start { output += mask }
            output += bytes[contentEnd..<end]
            index = end
        }
        return String(decoding: output, as: UTF8.self)
    }
}
