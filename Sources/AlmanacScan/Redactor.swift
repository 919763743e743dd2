/// Replaces secret values in a file's text before it can be shown, keeping line numbers.
enum Redactor {
    static let mask = "••••••"

    /// Lines inside `ranges` keep their indentation and key (text up to the first `: ` or `=`),
    /// and lose their value.
    static func redact(_ text: String, lines ranges: [ClosedRange<Int>]) -> String {
        guard !ranges.isEmpty else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for range in ranges {
            for number in range where number >= 1 && number <= lines.count {
                lines[number - 1] = redactLine(lines[number - 1], isFirst: number == range.lowerBound)
            }
        }
        return lines.joined(separator: "\n")
    }

    static func redactLine(_ line: String, isFirst: Bool) -> String {
        let indent = line.prefix { $0 == " " || $0 == "\t" }
        let content = line.dropFirst(indent.count)
        if content.isEmpty { return line }
        if let colon = content.range(of: ": ") ?? (content.hasSuffix(":") ? content.range(of: ":", options: .backwards) : nil) {
            let key = content[..<colon.lowerBound]
            let rest = content[colon.upperBound...]
            // The line that opens the redacted block keeps a block marker (`stringData:`, `value: |`).
            if isFirst, rest.isEmpty || rest == "|" || rest == ">" || rest.hasPrefix("|") || rest.hasPrefix(">") {
                return line
            }
            if !key.contains(" ") || key.hasPrefix("- ") { return "\(indent)\(key): \(mask)" }
        }
        return "\(indent)\(mask)"
    }
}
