import Foundation

/// Repository-relative path arithmetic.
public enum RepositoryPath {
    /// Collapses `.` and `..` and percent-escapes; nil when the path climbs out of the repository.
    public static func normalize(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        guard joined.utf8.contains(UInt8(ascii: "%")) else { return joined }
        return joined.removingPercentEncoding ?? joined
    }
}
