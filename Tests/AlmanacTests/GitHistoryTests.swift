import AlmanacModel
import Foundation
@testable import AlmanacScan
import Testing

/// Last-changed dates and authors from one pass over git history.
@Suite struct GitHistoryTests {
    /// Runs git in `directory` with fixed author, committer and dates.
    @discardableResult
    static func git(_ arguments: [String], in directory: URL, date: String = "", author: String = "") throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory.path, "-c", "user.name=\(author.isEmpty ? "Nobody" : author)",
                             "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"] + arguments
        var environment = ProcessInfo.processInfo.environment
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] { environment[key] = nil }
        if !date.isEmpty {
            environment["GIT_AUTHOR_DATE"] = date
            environment["GIT_COMMITTER_DATE"] = date
        }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func newestCommitPerFileRelativeToTheScannedSubfolder() throws {
        // The scanned repo is a subfolder of the checkout, as content/ is inside Almanac's repo.
        let fixture = try FixtureRepo("""
        -- outside.md --
        # Not scanned
        -- repo/docs/a.md --
        # A
        -- repo/docs/b c.md --
        # B
        """)
        defer { fixture.remove() }
        let root = fixture.root
        try #require(try Self.git(["init", "-q"], in: root) == 0)
        try Self.git(["add", "."], in: root)
        try Self.git(["commit", "-qm", "first"], in: root, date: "2026-01-02T10:00:00+00:00", author: "Ann Author")
        try "# A\n\nchanged\n".write(to: root.appendingPathComponent("repo/docs/a.md"), atomically: true, encoding: .utf8)
        try "# changed\n".write(to: root.appendingPathComponent("outside.md"), atomically: true, encoding: .utf8)
        try Self.git(["commit", "-qam", "second"], in: root, date: "2026-03-04T10:00:00+02:00", author: "Bob Builder")

        let history = GitHistoryReader.read(root: root.appendingPathComponent("repo"))
        #expect(history.keys.sorted() == ["docs/a.md", "docs/b c.md"])
        #expect(history["docs/a.md"]?.date == "2026-03-04T10:00:00+02:00")
        #expect(history["docs/a.md"]?.author == "Bob Builder")
        #expect(history["docs/b c.md"]?.day == "2026-01-02")
        #expect(history["docs/b c.md"]?.author == "Ann Author")
        #expect(history["docs/a.md"]?.commit.count == 40)

        // The site shows it on the page.
        let out = temporaryDirectory("git-site")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", root.appendingPathComponent("repo").path, "--out", out.path, "--quiet"])
        let page = String(decoding: try #require(files(under: out)["a/index.html"]), as: UTF8.self)
        #expect(page.contains("Last updated <time datetime=\"2026-03-04T10:00:00+02:00\">2026-03-04</time> by Bob Builder"))
        // … and not when asked not to read history.
        let quiet = temporaryDirectory("git-site-off")
        defer { try? FileManager.default.removeItem(at: quiet) }
        _ = runCLI(["build", root.appendingPathComponent("repo").path, "--out", quiet.path, "--quiet", "--no-git-history"])
        let plain = String(decoding: try #require(files(under: quiet)["a/index.html"]), as: UTF8.self)
        #expect(!plain.contains("Last updated"))
    }

    @Test func aFolderThatIsNoCheckoutHasNoHistoryAndNoError() throws {
        let fixture = try FixtureRepo("-- docs/a.md --\n# A\n")
        defer { fixture.remove() }
        // The temporary folder is outside any checkout.
        #expect(GitHistoryReader.read(root: fixture.root).isEmpty)
        let output = try RepositoryScanner(root: fixture.root).scan()
        #expect(output.repository.history.isEmpty)
        #expect(output.diagnostics.isEmpty)
    }

    @Test func parsesLogOutputNewestFirstAndDropsOtherFolders() {
        let log = "\u{1E}c2\u{1F}2026-02-01T00:00:00Z\u{1F}Bob\0\nsub/x.md\0sub/y.md\0\u{1E}c1\u{1F}2026-01-01T00:00:00Z\u{1F}Ann\0\nsub/x.md\0other/z.md\0"
        let history = GitHistoryReader.parse(Data(log.utf8), prefix: "sub/")
        #expect(history == [
            "x.md": FileRevision(commit: "c2", date: "2026-02-01T00:00:00Z", author: "Bob"),
            "y.md": FileRevision(commit: "c2", date: "2026-02-01T00:00:00Z", author: "Bob"),
        ])
    }

    @Test func newestRevisionComparesInstantsAcrossTimeZones() {
        let early = FileRevision(commit: "a", date: "2026-03-04T10:00:00+02:00", author: "A") // 08:00 UTC
        let late = FileRevision(commit: "b", date: "2026-03-04T09:00:00+00:00", author: "B")  // 09:00 UTC
        #expect(FileRevision.newest([late, early]) == late)
        #expect(FileRevision.newest([early, late]) == late)
        #expect(FileRevision.newest([]) == nil)
    }
}
