/// Glob matching for the deployment stages: `*`, `?`, `[a-z]` / `[^…]` / `[!…]` classes and `\` escapes.
///
/// `crossesSlash: false` is Go's `path.Match` (Argo CD git directories); `true` is a git
/// pathspec without `:(glob)` (Argo CD's default, greedy git files matching) and shell trims.
enum GlobPattern {
    static func matches(_ pattern: String, _ text: String, crossesSlash: Bool) -> Bool {
        matches(Array(pattern), Array(text)[...], crossesSlash: crossesSlash)
    }

    static func matches(_ pattern: [Character], _ text: ArraySlice<Character>, crossesSlash: Bool) -> Bool {
        var memo: [Int: Bool] = [:]
        let textStart = text.startIndex
        // Memoised on (pattern index, text index) so runs of `*` stay polynomial.
        func match(_ p: Int, _ t: Int) -> Bool {
            let key = p * (text.count + 1) + (t - textStart)
            if let known = memo[key] { return known }
            let result: Bool
            if p == pattern.count {
                result = t == text.endIndex
            } else if pattern[p] == "*" {
                result = match(p + 1, t)
                    || (t < text.endIndex && (crossesSlash || text[t] != "/") && match(p, t + 1))
            } else if t == text.endIndex {
                result = false
            } else if pattern[p] == "?" {
                result = (crossesSlash || text[t] != "/") && match(p + 1, t + 1)
            } else if pattern[p] == "[", let (matched, next) = matchClass(pattern, from: p, text[t]) {
                result = matched && match(next, t + 1)
            } else if pattern[p] == "\\", p + 1 < pattern.count {
                result = pattern[p + 1] == text[t] && match(p + 2, t + 1)
            } else {
                result = pattern[p] == text[t] && match(p + 1, t + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, textStart)
    }

    /// Whether `character` is in the class opening at `start`, and the index after the class;
    /// nil for an unclosed class, which then matches a literal `[`.
    private static func matchClass(_ pattern: [Character], from start: Int, _ character: Character) -> (Bool, Int)? {
        var index = start + 1
        var negated = false
        if index < pattern.count, pattern[index] == "^" || pattern[index] == "!" {
            negated = true
            index += 1
        }
        var matched = false
        var first = true
        while index < pattern.count {
            if pattern[index] == "]", !first { return (matched != negated, index + 1) }
            first = false
            var low = pattern[index]
            if low == "\\", index + 1 < pattern.count { index += 1; low = pattern[index] }
            var high = low
            if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                high = pattern[index + 2]
                index += 2
            }
            if low <= character && character <= high { matched = true }
            index += 1
        }
        return nil
    }
}
