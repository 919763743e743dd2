@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// `adr.changed-after-acceptance` and the build date, from real git history in a temporary repo.
@Suite struct ADRHistoryTests {
    @discardableResult
    static func git(_ arguments: [String], in directory: URL, date: String = "2024-01-01T12:00:00Z") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory.path, "-c", "user.name=Test", "-c", "user.email=test@example.com",
                             "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"] + arguments
        var environment = ProcessInfo.processInfo.environment
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] { environment.removeValue(forKey: key) }
        environment["GIT_AUTHOR_DATE"] = date
        environment["GIT_COMMITTER_DATE"] = date
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "git \(arguments.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func write(_ text: String, to path: String, in root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func record(_ number: Int, status: String, decision: String) -> String {
        "# \(number). Record \(number)\n\nDate: 2024-01-01\n\n## Status\n\n\(status)\n\n## Decision\n\n\(decision)\n\n## Consequences\n\nSome.\n"
    }

    @Test func acceptedDecisionsMustNotChange() throws {
        let root = temporaryDirectory("adr-history")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let folder = "docs/architecture/decisions"
        try Self.git(["init", "-q"], in: root)
        try Self.write(Self.record(1, status: "Proposed", decision: "Use A."), to: "\(folder)/ADR-001-a.md", in: root)
        try Self.write(Self.record(2, status: "Accepted", decision: "Use B."), to: "\(folder)/ADR-002-b.md", in: root)
        try Self.write(Self.record(4, status: "Accepted", decision: "Use D for everything."), to: "\(folder)/ADR-004-d.md", in: root)
        try Self.git(["add", "."], in: root)
        try Self.git(["commit", "-q", "-m", "first"], in: root, date: "2024-01-01T12:00:00Z")
        let first = try Self.git(["rev-parse", "HEAD"], in: root)
        // Accepting a proposal, rewording an accepted decision, reflowing another.
        try Self.write(Self.record(1, status: "Accepted", decision: "Use A."), to: "\(folder)/ADR-001-a.md", in: root)
        try Self.write(Self.record(2, status: "Accepted", decision: "Use C."), to: "\(folder)/ADR-002-b.md", in: root)
        try Self.write(Self.record(4, status: "Accepted", decision: "Use D\nfor   everything."), to: "\(folder)/ADR-004-d.md", in: root)
        try Self.git(["commit", "-q", "-am", "second"], in: root, date: "2024-02-01T12:00:00Z")
        let second = try Self.git(["rev-parse", "HEAD"], in: root)
        // Deprecating keeps the decision; a new record arrives.
        try Self.write(Self.record(1, status: "Deprecated", decision: "Use A."), to: "\(folder)/ADR-001-a.md", in: root)
        try Self.write(Self.record(3, status: "Accepted", decision: "Use E."), to: "\(folder)/ADR-003-e.md", in: root)
        try Self.git(["add", "."], in: root)
        try Self.git(["commit", "-q", "-m", "third"], in: root, date: "2024-03-01T12:00:00Z")

        let repository = try RepositoryScanner(root: root).scan().repository
        #expect(repository.lastCommitDate == "2024-03-01")
        #expect(repository.adrRevisions.map { "\($0.path.split(separator: "/").last!) \($0.date)" } == [
            "ADR-001-a.md 2024-01-01", "ADR-002-b.md 2024-01-01", "ADR-004-d.md 2024-01-01",
            "ADR-001-a.md 2024-02-01", "ADR-002-b.md 2024-02-01", "ADR-004-d.md 2024-02-01",
            "ADR-001-a.md 2024-03-01", "ADR-003-e.md 2024-03-01",
        ])
        #expect(repository.adrRevisions.first?.text == Self.record(1, status: "Proposed", decision: "Use A."))
        let findings = Analyzer.analyze(repository).knowledge.findings
        #expect(findings == [Diagnostic(
            id: "adr.changed-after-acceptance", severity: .warning,
            location: SourceLocation(path: "\(folder)/ADR-002-b.md", line: 9, column: 1),
            message: "ADR-002 was accepted in \(first.prefix(7)) (2024-01-01), but its decision was changed later in \(second.prefix(7)) (2024-02-01)",
            note: "ADRs are immutable: restore the decision text and record the change in a new ADR that supersedes or amends this one")])

        // The same files seen as a folder inside that checkout have no history of their own.
        let inner = try RepositoryScanner(root: root.appendingPathComponent("docs")).scan().repository
        #expect(inner.adrRevisions.isEmpty)
        #expect(inner.lastCommitDate == nil)
    }

    @Test func parsesWholeFileHunksAndDeletions() {
        let log = """
        \u{1}aaaa 2024-01-01

        diff --git a/d/ADR-001-x.md b/d/ADR-001-x.md
        new file mode 100644
        index 0000000..1111111
        --- /dev/null
        +++ b/d/ADR-001-x.md
        @@ -0,0 +1,2 @@
        +# 1. X
        +--- not a header
        \u{1}bbbb 2024-02-01

        diff --git a/d/ADR-001-x.md b/d/ADR-001-x.md
        index 1111111..2222222 100644
        --- a/d/ADR-001-x.md
        +++ b/d/ADR-001-x.md
        @@ -1,2 +1,2 @@
         # 1. X
        --- not a header
        +changed
        diff --git a/d/notes.txt b/d/notes.txt
        --- a/d/notes.txt
        +++ b/d/notes.txt
        @@ -1 +1 @@
        -a
        +b
        \u{1}cccc 2024-03-01

        diff --git a/d/ADR-001-x.md b/d/ADR-001-x.md
        deleted file mode 100644
        index 2222222..0000000
        --- a/d/ADR-001-x.md
        +++ /dev/null
        @@ -1,2 +0,0 @@
        -# 1. X
        -changed
        """
        #expect(GitHistory.parseLog(log) == [
            FileVersion(path: "d/ADR-001-x.md", commit: "aaaa", date: "2024-01-01", text: "# 1. X\n--- not a header\n"),
            FileVersion(path: "d/ADR-001-x.md", commit: "bbbb", date: "2024-02-01", text: "# 1. X\nchanged\n"),
            FileVersion(path: "d/ADR-001-x.md", commit: "cccc", date: "2024-03-01", text: nil),
        ])
    }
}
