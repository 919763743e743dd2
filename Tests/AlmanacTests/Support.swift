import AlmanacCLI
import AlmanacModel
@testable import AlmanacScan
import Foundation

/// Lays out a temporary repository from `-- path --` blocks (Hugo's txtar style).
struct FixtureRepo {
    let root: URL

    init(_ text: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("almanac-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var currentPath: String?
        var lines: [Substring] = []
        func flush() throws {
            guard let path = currentPath else { return }
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- "), line.hasSuffix(" --"), line.count > 6 {
                try flush()
                currentPath = String(line.dropFirst(3).dropLast(3))
                lines = []
            } else if currentPath != nil {
                lines.append(line)
            }
        }
        try flush()
    }

    var path: String { root.path }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// The result of running the CLI in-process.
struct CLIResult {
    var code: Int32
    var stdout: String
    var stderr: String
}

func runCLI(_ arguments: [String]) -> CLIResult {
    let console = Console.buffered()
    let code = Console.$current.withValue(console) { Almanac.run(arguments: arguments) }
    return CLIResult(code: code, stdout: console.stdout, stderr: console.stderr)
}

/// The project's root folder (for content/ and the fixtures).
let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func temporaryDirectory(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("almanac-\(name)-\(UUID().uuidString)")
}

/// Every regular file below `root`, by relative path.
func files(under root: URL) -> [String: Data] {
    var result: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
    let base = root.standardizedFileURL.path
    for case let url as URL in enumerator {
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
        let path = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
        result[path] = try? Data(contentsOf: url)
    }
    return result
}

/// Scans a `-- path --` fixture repo (no git history) and removes it again.
func scanFixture(_ text: String, clusters: [String] = []) throws -> (Repository, [Diagnostic]) {
    let fixture = try FixtureRepo(text)
    defer { fixture.remove() }
    let output = try RepositoryScanner(root: fixture.root, options: .init(gitHistory: false, clusters: clusters)).scan()
    return (output.repository, output.diagnostics)
}

/// Scans one YAML file as the repository scan does and publishes it: the scan result (masked
/// documents and facts), the published text and its redactions.
func published(_ path: String, _ text: String) -> (scan: ManifestFileScanner.Result, text: String, redactions: [Redaction]) {
    let scan = ManifestFileScanner.scan(path: path, text: text)
    let (shown, redactions) = Redactor.publish(text, kind: .yaml(unparsed: scan.unparsedLines), scalars: scan.secretSpans)
    return (scan, shown, redactions)
}
