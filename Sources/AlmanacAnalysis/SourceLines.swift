import AlmanacModel

/// The lines of the repo's files, to point evidence at the exact line and column where a name
/// is written when the model only knows the object or the list item.
struct SourceLines {
    private var lines: [String: [Substring]] = [:]

    init(_ repository: Repository) {
        for file in repository.files {
            guard let text = file.publishableText else { continue }
            lines[file.path] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
    }

    /// The first place at or after `start` (within `window` lines) where `text` is written, or
    /// `start` itself when it cannot be found.
    func locate(_ text: String, from start: SourceLocation, window: Int = 400) -> SourceLocation {
        guard let fileLines = lines[start.path], !text.isEmpty else { return start }
        let first = max(start.line - 1, 0)
        let last = min(first + window, fileLines.count)
        guard first < last else { return start }
        for index in first..<last {
            if let range = fileLines[index].range(of: text) {
                let column = fileLines[index].distance(from: fileLines[index].startIndex, to: range.lowerBound) + 1
                return SourceLocation(path: start.path, line: index + 1, column: column)
            }
        }
        return start
    }
}
