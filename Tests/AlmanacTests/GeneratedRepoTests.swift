@testable import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// The benchmark's repo generator (Tools/generate-repo.py): the same seed gives the same tree,
/// and the tree is a valid repo that Almanac reads without a single finding.
@Suite struct GeneratedRepoTests {
    struct GeneratorFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs the generator into a fresh temporary folder.
    static func generate(services: Int, seed: Int) throws -> URL {
        let out = temporaryDirectory("generated")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", projectRoot.appendingPathComponent("Tools/generate-repo.py").path,
                             "--services", "\(services)", "--seed", "\(seed)", "--out", out.path]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GeneratorFailed(description: "generate-repo.py exited \(process.terminationStatus): "
                                  + String(decoding: message, as: UTF8.self))
        }
        return out
    }

    @Test func sameSeedGivesAByteIdenticalTree() throws {
        let first = try Self.generate(services: 24, seed: 5)
        let second = try Self.generate(services: 24, seed: 5)
        let other = try Self.generate(services: 24, seed: 6)
        defer { for url in [first, second, other] { try? FileManager.default.removeItem(at: url) } }
        let tree = files(under: first)
        func differences(_ other: [String: Data]) -> [String] {
            Set(tree.keys).union(other.keys).filter { tree[$0] != other[$0] }.sorted()
        }
        #expect(tree.count > 150)
        #expect(differences(files(under: second)) == [])
        #expect(differences(files(under: other)).count > 100)
    }

    @Test func generatedRepoIsValidConnectedAndClean() throws {
        let root = try Self.generate(services: 40, seed: 1)
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try RepositoryScanner(root: root).scan()
        let repository = output.repository
        #expect(output.diagnostics.map(\.formatted) == [])
        #expect(repository.services.count == 40)
        // In the reference layout, with all three tiers.
        #expect(Set(repository.services.map(\.tier)) == [.core, .platform, .apps])
        #expect(repository.services.allSatisfy { $0.id.hasPrefix("k3s/") })
        // Documents in proportion: per 100 services 12 ADRs, 15 runbooks, 4 guides.
        let kinds = repository.documents.map(\.kind)
        #expect(kinds.filter { $0 == .adr }.count == 5)
        #expect(kinds.filter { $0 == .runbook }.count == 6)
        #expect(kinds.filter { $0 == .guide }.count == 2)
        // Both ADR formats: MADR front matter and a Nygard `## Status` section.
        let adrs = repository.documents.filter { $0.kind == .adr }
        #expect(adrs.contains { $0.frontMatter["status"] != nil })
        #expect(adrs.contains { $0.frontMatter.isEmpty && $0.body.contains("## Status") })
        // Services call each other by cluster DNS: a real dependency graph to draw.
        let names = Set(repository.services.map(\.name))
        let called = Set(repository.workloads.flatMap(\.allContainers).flatMap(\.env).compactMap { env -> String? in
            guard case .literal(let value) = env.value, let host = value.split(separator: "/").dropFirst(1).first,
                  host.hasSuffix(".svc.cluster.local") || host.contains(".svc.cluster.local:") else { return nil }
            return host.split(separator: ".").first.map(String.init)
        })
        #expect(called.count >= 5)
        #expect(called.isSubset(of: names))
        // Every alert links to a runbook that exists and lists it.
        let runbooks = repository.documents.filter { $0.kind == .runbook }
        #expect(!repository.alerts.isEmpty)
        for alert in repository.alerts {
            let slug = alert.runbookURL?.split(separator: "/").last.map(String.init) ?? ""
            let runbook = runbooks.first { $0.path == "docs/operations/runbooks/\(slug).md" }
            #expect(runbook?.frontMatter["alerts"]?.list.contains(alert.name) == true, "\(alert.name) → \(slug)")
        }
        // Clean: the checks of a full build find nothing.
        let result = runCLI(["check", root.path, "--strict", "--quiet"])
        #expect(result.code == 0, "\(result.stderr)")
    }
}
