import AlmanacModel
import Foundation

/// Reads what Almanac needs from git history, with a fixed, small number of git processes
/// (never one per file).
///
/// Only a repository that is itself the top level of a git work tree counts as a checkout: a
/// folder inside another project's checkout (like `content/` inside Almanac's own repo) has a
/// history that belongs to that project, so it is treated as having none.
struct GitHistory {
    let root: URL

    /// nil when `root` is not the top level of a git work tree, or git is not installed.
    init?(root: URL) {
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path),
              let output = Self.git(["rev-parse", "--show-toplevel"], in: root) else { return nil }
        let topLevel = URL(fileURLWithPath: output.trimmingCharacters(in: .whitespacesAndNewlines))
        guard topLevel.resolvingSymlinksInPath().path == root.resolvingSymlinksInPath().path else { return nil }
        self.root = root
    }

    /// The committer date of the newest commit (`YYYY-MM-DD`).
    func lastCommitDate() -> String? {
        guard let output = Self.git(["log", "-1", "--format=%cs"], in: root) else { return nil }
        let date = output.trimmingCharacters(in: .whitespacesAndNewlines)
        return CalendarDay.parse(date) == nil ? nil : date
    }

    /// Every committed version of the Markdown files under `folders`, oldest first, from one
    /// `git log -p` whose context is so wide that each diff holds the whole file.
    func revisions(under folders: [String]) -> [FileVersion] {
        guard !folders.isEmpty else { return [] }
        let arguments = ["log", "--reverse", "--no-renames", "--no-ext-diff", "--no-textconv", "--no-color",
                         "--format=%x01%H %cs", "-p", "--unified=100000000", "--"] + folders
        guard let output = Self.git(arguments, in: root) else { return [] }
        return Self.parseLog(output)
    }

    /// Parses `git log -p` output with whole-file hunks into revisions.
    static func parseLog(_ output: String) -> [FileVersion] {
        var revisions: [FileVersion] = []
        var commit = ""
        var date = ""
        var path: String?
        var lines: [Substring] = []
        var deleted = false
        var inHunk = false
        func flush() {
            defer { path = nil; lines = []; deleted = false; inHunk = false }
            guard let current = path, current.lowercased().hasSuffix(".md"), inHunk || deleted else { return }
            let text = deleted ? nil : lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
            revisions.append(FileVersion(path: current, commit: commit, date: date, text: text))
        }
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("\u{1}") {
                flush()
                let header = line.dropFirst().split(separator: " ")
                commit = header.first.map(String.init) ?? ""
                date = header.count > 1 ? String(header[1]) : ""
            } else if line.hasPrefix("diff --git ") {
                flush()
            } else if !inHunk, line.hasPrefix("+++ ") {
                if line != "+++ /dev/null" { path = String(line.dropFirst(6)) }
            } else if !inHunk, line.hasPrefix("--- ") {
                if line != "--- /dev/null" { path = String(line.dropFirst(6)) }
            } else if !inHunk, line.hasPrefix("deleted file mode") {
                deleted = true
            } else if line.hasPrefix("@@ ") {
                inHunk = true
            } else if inHunk {
                if line.hasPrefix(" ") || line.hasPrefix("+") { lines.append(line.dropFirst()) }
            }
        }
        flush()
        return revisions
    }

    /// Runs git with a clean environment; nil when it fails.
    static func git(_ arguments: [String], in directory: URL) -> String? {
        GitCommand.run(arguments, in: directory).map { String(decoding: $0, as: UTF8.self) }
    }
}
