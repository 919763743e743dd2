import Foundation
import Testing

/// Builds the small fixture repo and compares the whole output tree (minus the copied assets)
/// with the checked-in golden tree. `ALMANAC_RECORD=1 swift test` re-records it, and that run
/// fails so a recording is never mistaken for a pass.
@Suite struct GoldenSiteTests {
    static let fixture = projectRoot.appendingPathComponent("Tests/AlmanacTests/Fixtures/mini-repo")
    static let golden = projectRoot.appendingPathComponent("Tests/AlmanacTests/Fixtures/mini-site")

    @Test func miniRepoSiteMatchesGoldenTree() throws {
        let out = temporaryDirectory("golden")
        defer { try? FileManager.default.removeItem(at: out) }
        // Without git dates: the fixture lives in Almanac's own checkout, whose commits keep changing.
        let result = runCLI(["build", Self.fixture.path, "--out", out.path, "--quiet", "--no-git-history"])
        #expect(result.code == 1, "the fixture has a YAML error and a plaintext Secret")
        let actual = files(under: out).filter { !$0.key.hasPrefix("assets/") }
        if ProcessInfo.processInfo.environment["ALMANAC_RECORD"] == "1" {
            try? FileManager.default.removeItem(at: Self.golden)
            for (path, data) in actual {
                let url = Self.golden.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            Issue.record("recorded \(actual.count) golden files; run again without ALMANAC_RECORD")
            return
        }
        let expected = files(under: Self.golden)
        #expect(Set(actual.keys).subtracting(expected.keys).sorted() == [], "extra files")
        #expect(Set(expected.keys).subtracting(actual.keys).sorted() == [], "missing files")
        for path in expected.keys.sorted() {
            guard let actualData = actual[path], let expectedData = expected[path], actualData != expectedData else { continue }
            Issue.record("\(path) differs:\n\(lineDiff(String(decoding: expectedData, as: UTF8.self), String(decoding: actualData, as: UTF8.self)))")
        }
    }

    @Test func secretsAndScriptNeverReachTheMiniSite() throws {
        let out = temporaryDirectory("mini-secrets")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", Self.fixture.path, "--out", out.path, "--quiet"])
        let all = files(under: out)
        #expect(!all.isEmpty)
        for (path, data) in all {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("mini-canary-do-not-publish"), "Secret value in \(path)")
            #expect(!text.contains("not-for-publication-1234"), "secret-looking env value in \(path)")
            #expect(!text.contains("<script>alert"), "script from the repo in \(path)")
        }
    }
}

/// A small line diff: lines only in expected (`-`) and only in actual (`+`), in order.
func lineDiff(_ expected: String, _ actual: String) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let difference = new.difference(from: old)
    var lines: [String] = []
    for change in difference.prefix(40) {
        switch change {
        case .remove(let offset, let line, _): lines.append("-\(offset + 1): \(line)")
        case .insert(let offset, let line, _): lines.append("+\(offset + 1): \(line)")
        }
    }
    return lines.joined(separator: "\n")
}
