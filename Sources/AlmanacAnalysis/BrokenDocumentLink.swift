import AlmanacModel
import Foundation

/// Relative links in Markdown that lead to no file of the repository.
struct BrokenDocumentLink: Check {
    static let id = "links.broken"

    static func run(repository: Repository, index: RepositoryIndex) -> [Diagnostic] {
        var files = Set<String>()
        var folders = Set<String>()
        for file in repository.files {
            files.insert(file.path)
            var folder = file.path
            while let slash = folder.lastIndex(of: "/") {
                folder = String(folder[..<slash])
                guard folders.insert(folder).inserted else { break }
            }
        }
        var findings: [Diagnostic] = []
        for document in repository.documents {
            let base = document.path.split(separator: "/").dropLast().joined(separator: "/")
            for link in document.links where link.isRepositoryLink {
                let target = link.url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                let path = target.split(separator: "?").first.map(String.init) ?? target
                if path.isEmpty { continue }
                let resolved = RepositoryPath.normalize(path.hasPrefix("/") ? String(path.dropFirst())
                                                        : (base.isEmpty ? path : "\(base)/\(path)"))
                if let resolved, files.contains(resolved) || folders.contains(resolved) { continue }
                let what = link.isImage ? "image" : "link"
                findings.append(Diagnostic(
                    id: id, severity: .warning, location: link.location,
                    message: "\(what) to '\(link.url)' leads nowhere in the repository",
                    note: resolved.map { "no file or folder at \($0)" } ?? "the path climbs out of the repository"))
            }
        }
        return findings
    }
}

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
        return joined.removingPercentEncoding ?? joined
    }
}
