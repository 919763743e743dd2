@testable import AlmanacModel
@testable import AlmanacOutput
@testable import AlmanacScan
import Foundation
import Testing
import Yams

/// Tests over content/, the sample repo that ships with Almanac.
@Suite(.serialized) struct SampleSiteTests {
    static let content = projectRoot.appendingPathComponent("content")

    struct Flaws: Decodable {
        struct Flaw: Decodable {
            var check: String
            var file: String
            var subject: String
        }
        var canaries: [String]
        var flaws: [Flaw]
    }

    static func flawList() throws -> Flaws {
        let text = try String(contentsOf: projectRoot.appendingPathComponent("Tests/content-flaws.yaml"), encoding: .utf8)
        return try YAMLDecoder().decode(Flaws.self, from: text)
    }

    @Test func everyManifestParsesAndNamesItself() throws {
        let output = try RepositoryScanner(root: Self.content).scan()
        let broken = output.diagnostics.filter { ["yaml.syntax", "manifest.missing-name", "scan.encoding"].contains($0.id) }
        #expect(broken.isEmpty, "\(broken.map(\.formatted))")
        let manifests = output.repository.files.filter { $0.role == .manifest }
        #expect(manifests.count > 500)
    }

    @Test func sampleRepoIsBigAndVariedEnough() throws {
        let repository = try RepositoryScanner(root: Self.content).scan().repository
        #expect(repository.services.count >= 105)
        #expect(repository.documents.filter { $0.kind == .adr }.count >= 12)
        #expect(repository.documents.filter { $0.kind == .runbook }.count >= 15)
        let kinds = Set(repository.workloads.map(\.kind))
        #expect(kinds.isSuperset(of: [.deployment, .statefulSet, .daemonSet, .cronJob, .cnpgCluster]))
        #expect(repository.kubeServices.filter { $0.type == "LoadBalancer" }.count >= 12)
        #expect(repository.alerts.count >= 25)
    }

    /// Each flaw whose check exists is found at its file, and those checks find nothing else.
    @Test func implementedChecksFindExactlyThePlantedFlaws() throws {
        let flaws = try Self.flawList()
        let out = Self.temporary("flaws")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = runCLI(["build", Self.content.path, "--out", out.path, "--diagnostics", "json", "--quiet"])
        struct Output: Decodable {
            struct Item: Decodable { var id: String; var severity: Severity; var location: AlmanacModel.SourceLocation? }
            var diagnostics: [Item]
        }
        // Notes are not findings: they say what the scan skipped and why (templates, SOPS files).
        let found = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8)).diagnostics
            .filter { $0.severity != .note }
        let implemented = Set(found.map(\.id)).union(Self.implementedChecks)
        for flaw in flaws.flaws where implemented.contains(flaw.check) {
            let hits = found.filter { $0.id == flaw.check && ($0.location?.path ?? "").hasPrefix(flaw.file) }
            #expect(!hits.isEmpty, "\(flaw.check) should flag \(flaw.subject) in \(flaw.file)")
        }
        for item in found where implemented.contains(item.id) {
            let expected = flaws.flaws.contains { $0.check == item.id && (item.location?.path ?? "").hasPrefix($0.file) }
            #expect(expected, "unexpected \(item.id) at \(item.location?.description ?? "?")")
        }
    }

    /// Checks that exist today; the flaw list names later ones too.
    static let implementedChecks: Set<String> = [
        "adr.changed-after-acceptance",
        "adr.duplicate-number",
        "adr.missing-status",
        "adr.missing-successor",
        "adr.unknown-reference",
        "alerts.missing-runbook",
        "alerts.runbook-url-unresolved",
        "backup.stateful-without-backup",
        "docs.unsafe-svg",
        "graph.cycle",
        "graph.unresolved-reference",
        "labels.missing-recommended",
        "layout.too-deep",
        "links.broken",
        "links.missing-anchor",
        "monitoring.missing",
        "naming.mismatch",
        "naming.namespace-not-allowed",
        "network.host-duplicate",
        "network.invalid-address",
        "network.lb-ip-duplicate",
        "network.lb-ip-outside-pool",
        "network.missing-policy",
        "network.pool-nearly-full",
        "network.pool-overlap",
        "network.unknown-pool",
        "ports.duplicate-claim",
        "ports.registered-not-exposed",
        "ports.registry-mismatch",
        "ports.registry-unreadable",
        "ports.unregistered",
        "resources.missing-limits",
        "runbooks.stale",
        "runbooks.unknown-alert",
        "runbooks.unknown-service",
        "scorecard.invalid-exemption",
        "secrets.literal-env",
        "secrets.plaintext-secret",
    ]

    static func temporary(_ name: String) -> URL { temporaryDirectory("sample-\(name)") }

    @Test func siteHasAPageForEveryServiceAndACompleteCatalog() throws {
        let repository = try RepositoryScanner(root: Self.content).scan().repository
        let out = Self.temporary("pages")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", Self.content.path, "--out", out.path, "--quiet"])
        let built = files(under: out)
        for service in repository.services {
            #expect(built["services/\(service.slug)/index.html"] != nil, "no page for \(service.id)")
        }
        struct Catalog: Decodable {
            struct Service: Decodable {
                var name: String; var id: String; var namespace: String?; var taxonomy: [String]
                var workloads: [Workload]; var images: [String]; var ports: [Port]; var hosts: [String]
                var volumes: [Volume]
            }
            struct Workload: Decodable { var kind: String; var name: String }
            struct Port: Decodable { var port: Int }
            struct Volume: Decodable { var name: String }
            var schema: String
            var services: [Service]
        }
        let catalog = try JSONDecoder().decode(Catalog.self, from: try #require(built["catalog.json"]))
        #expect(catalog.schema == "almanac.catalog/v1")
        #expect(Set(catalog.services.map(\.id)) == Set(repository.services.map(\.id)))
        let sonarr = try #require(catalog.services.first { $0.name == "sonarr" })
        #expect(sonarr.namespace == "media-acquisition")
        #expect(sonarr.taxonomy == ["apps", "media", "acquisition"])
        #expect(sonarr.images.contains("lscr.io/linuxserver/sonarr:4.0.11"))
        #expect(sonarr.ports.contains { $0.port == 8989 })
        #expect(sonarr.hosts.contains("sonarr.lab.example.com"))
        #expect(!sonarr.volumes.isEmpty)
        #expect(catalog.services.filter { $0.namespace == nil }.isEmpty)
    }

    @Test func noSecretEverReachesTheSite() throws {
        let flaws = try Self.flawList()
        let out = Self.temporary("canary")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", Self.content.path, "--out", out.path, "--quiet"])
        let built = files(under: out)
        #expect(built.count > 500)
        for canary in flaws.canaries {
            let encoded = Data(canary.utf8).base64EncodedString()
            for (path, data) in built {
                let text = String(decoding: data, as: UTF8.self)
                #expect(!text.contains(canary) && !text.contains(encoded), "canary \(canary) in \(path)")
            }
        }
        // SOPS-encrypted files are named, never shown.
        let sensitive = try RepositoryScanner(root: Self.content).scan().repository.files.filter { $0.role == .sensitive }
        #expect(sensitive.map(\.path).contains("k3s/shared-config/secrets/cloudflare-api-token.sops.yaml"))
        for file in sensitive {
            #expect(built["source/\(file.path).html"] == nil, "\(file.path) is published")
        }
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let first = Self.temporary("det-a")
        let second = Self.temporary("det-b")
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        _ = runCLI(["build", Self.content.path, "--out", first.path, "--quiet"])
        _ = runCLI(["build", Self.content.path, "--out", second.path, "--quiet"])
        let a = files(under: first)
        let b = files(under: second)
        #expect(a.count == b.count)
        #expect(Set(a.keys) == Set(b.keys))
        let different = a.keys.filter { a[$0] != b[$0] }.sorted()
        #expect(different.isEmpty, "differs: \(different.prefix(5))")
    }

    @Test func failedBuildLeavesThePreviousSite() throws {
        let out = Self.temporary("atomic")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", Self.content.path, "--out", out.path, "--quiet"])
        let before = files(under: out)
        #expect(!before.isEmpty)
        // A build that fails before writing (bad --config) …
        let failed = runCLI(["build", Self.content.path, "--out", out.path, "--config", "/nonexistent/almanac.yaml"])
        #expect(failed.code == 2)
        #expect(files(under: out) == before)
        // … and a write that fails half-way (an unsafe path) both leave the old tree untouched.
        let writer = SiteWriter(destination: out)
        #expect(throws: SiteWriter.Failure.self) {
            try writer.write([("index.html", Data("new".utf8)), ("../escape.html", Data())])
        }
        #expect(files(under: out) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(out.lastPathComponent + ".almanac-") }
        #expect(leftovers.isEmpty)
    }
}
