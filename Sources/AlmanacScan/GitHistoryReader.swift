import AlmanacModel
import Foundation

/// The newest commit of every file, read in one pass over git history: one `git log
/// --name-only` for the whole repo, never one git process per file.
///
/// The scanned folder may be a subfolder of a checkout (the sample repo lives inside Almanac's
/// own repo), so history is limited to that folder and paths are made relative to it. When the
/// folder is not a checkout, or git is missing, the result is empty and nothing is reported:
/// dates are a nicety, not a requirement. Everything comes from commits, never from the clock.
enum GitHistoryReader {
    static func read(root: URL) -> [String: FileRevision] {
        // `--show-prefix` is the scanned folder relative to the top of the checkout (`content/`).
        guard let prefixOutput = run(["rev-parse", "--show-prefix"], in: root) else { return [:] }
        let prefix = String(decoding: prefixOutput, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard let log = run(["-c", "log.showSignature=false", "log", "-z", "--no-color",
                             "--format=\u{1E}%H\u{1F}%aI\u{1F}%aN", "--name-only", "--", "."], in: root) else {
            return [:]
        }
        return parse(log, prefix: prefix)
    }

    /// Reads history on a background thread; `wait()` returns it.
    static func start(root: URL) -> Parallel.Pending<[String: FileRevision]> {
        Parallel.start { read(root: root) }
    }

    /// Parses `git log -z --format=<RS>hash<US>date<US>author --name-only` output, newest commit
    /// first: the first commit that names a file is its newest change.
    static func parse(_ output: Data, prefix: String) -> [String: FileRevision] {
        var result: [String: FileRevision] = [:]
        let text = String(decoding: output, as: UTF8.self)
        for record in text.split(separator: "\u{1E}", omittingEmptySubsequences: true) {
            let fields = record.split(separator: "\0", omittingEmptySubsequences: false)
            guard let header = fields.first else { continue }
            let parts = header.split(separator: "\u{1F}", omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let revision = FileRevision(commit: String(parts[0]), date: String(parts[1]), author: String(parts[2]))
            for field in fields.dropFirst() {
                let name = field.drop { $0 == "\n" }
                guard !name.isEmpty, name.hasPrefix(prefix) else { continue }
                let path = String(name.dropFirst(prefix.count))
                if result[path] == nil { result[path] = revision }
            }
        }
        return result
    }

    /// Runs git in `directory`; nil when git is missing, fails, or the folder is not a checkout.
    static func run(_ arguments: [String], in directory: URL) -> Data? {
        GitCommand.run(arguments, in: directory)
    }
}
