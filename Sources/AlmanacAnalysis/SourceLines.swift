import AlmanacModel

/// The lines of the repo's files, to point evidence at the exact line and column where a name
/// is written when the model only knows the object or the list item. Files are split on first
/// use, so only those that hold evidence cost anything.
struct SourceLines {
    private final class Cache {
        var texts: [String: String] = [:]
        var lines: [String: [Substring]] = [:]
    }

    private let cache = Cache()

    init(_ repository: Repository) {
        for file in repository.files {
            if let text = file.publishableText { cache.texts[file.path] = text }
        }
    }

    private func lines(of path: String) -> [Substring]? {
        if let known = cache.lines[path] { return known }
        guard let text = cache.texts[path] else { return nil }
        let split = text.split(separator: "\n", omittingEmptySubsequences: false)
        cache.lines[path] = split
        return split
    }

    /// The first place at or after `start` (within `window` lines) where `text` is written, or
    /// `start` itself when it cannot be found.
    func locate(_ text: String, from start: SourceLocation, window: Int = 400) -> SourceLocation {
        guard let fileLines = lines(of: start.path), !text.isEmpty else { return start }
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

    /// Like `locate(_:from:window:)`, trying `text` first and `fallback` when it is not written.
    func locate(_ text: String, from start: SourceLocation, window: Int = 400, orElse fallback: String) -> SourceLocation {
        let found = locate(text, from: start, window: window)
        return found != start ? found : locate(fallback, from: start, window: window)
    }

    /// The text of the YAML document that starts at `start`: up to the next `---` line.
    func document(at start: SourceLocation, limit: Int = 400) -> (text: String, firstLine: Int)? {
        guard let fileLines = lines(of: start.path) else { return nil }
        var first = max(start.line - 1, 0)
        if first < fileLines.count, fileLines[first].hasPrefix("---") { first += 1 }
        var last = first
        while last < fileLines.count, last - first < limit, !fileLines[last].hasPrefix("---") { last += 1 }
        guard first < last else { return nil }
        return (fileLines[first..<last].joined(separator: "\n"), first + 1)
    }
}
