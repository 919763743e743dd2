@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// The ADR, runbook and alert checks over small inline repos.
@Suite struct KnowledgeChecksTests {
    static func analyze(_ fixture: String) throws -> (Repository, Analyzer.Result) {
        let repo = try FixtureRepo(fixture)
        defer { repo.remove() }
        let repository = try RepositoryScanner(root: repo.root).scan().repository
        return (repository, Analyzer.analyze(repository))
    }

    static func findings(_ result: Analyzer.Result, _ prefix: String) -> [Diagnostic] {
        result.knowledge.findings.filter { $0.id.hasPrefix(prefix) }.sorted()
    }

    static let decisions = """
    -- docs/adr/0001-first.md --
    # 1. First

    ## Status

    Superseded

    ## Decision

    One.
    -- docs/adr/0002-second.md --
    # 2. Second

    ## Status

    Accepted

    Supersedes [1. First](0001-first.md)

    Builds on ADR-031 and [thirty](0030-thirty.md); ADR-1 is fine, `ADR-099` is code.
    -- docs/adr/0002-again.md --
    ---
    date: 2024-01-01
    ---
    # Again

    ## Context and Problem Statement

    No status here.
    -- docs/adr/0014-drone.md --
    # 14. Drone

    ## Status

    Superseded by [16. Gitea Actions](0016-gitea-actions.md)
    -- docs/adr/0015-lonely.md --
    # 15. Lonely

    ## Status

    Superseded
    -- docs/adr/0017-amends.md --
    # 17. Amends

    ## Status

    Accepted

    Amends [40. Nothing](0040-nothing.md)
    -- docs/adr/README.md --
    # Decisions

    [Template](template.md) · ADR-016 is planned.
    """

    @Test func adrChecksFindExactlyTheseProblems() throws {
        let (_, result) = try Self.analyze(Self.decisions)
        let found = Self.findings(result, "adr.").map { "\($0.location!.path):\($0.location!.line) \($0.id): \($0.message)" }
        #expect(found == [
            "docs/adr/0002-again.md:1 adr.missing-status: ADR-002 'Again' has no status",
            "docs/adr/0002-second.md:1 adr.duplicate-number: ADR-002 'Second' has the same number as docs/adr/0002-again.md",
            "docs/adr/0002-second.md:9 adr.unknown-reference: ADR-002 refers to 0030-thirty.md, which does not exist",
            "docs/adr/0002-second.md:9 adr.unknown-reference: ADR-002 refers to ADR-031, which does not exist",
            "docs/adr/0014-drone.md:5 adr.missing-successor: ADR-014 is superseded by ADR-016, which does not exist",
            "docs/adr/0015-lonely.md:5 adr.missing-successor: ADR-015 is superseded, but no record supersedes it",
            "docs/adr/0017-amends.md:7 adr.unknown-reference: ADR-017 refers to ADR-040 (amends), which does not exist",
            "docs/adr/README.md:3 adr.unknown-reference: docs/adr/README.md refers to ADR-016, which does not exist",
        ])
    }

    @Test func reverseLinksAreDerived() throws {
        let (_, result) = try Self.analyze(Self.decisions)
        let first = try #require(result.knowledge.adr(at: "docs/adr/0001-first.md"))
        #expect(first.links == [KnowledgeBase.ADRLink(kind: .supersededBy, number: 2, path: "docs/adr/0002-second.md", derived: true)])
        let second = try #require(result.knowledge.adr(at: "docs/adr/0002-second.md"))
        #expect(second.links == [KnowledgeBase.ADRLink(kind: .supersedes, number: 1, path: "docs/adr/0001-first.md", derived: false)])
        let numbers = result.knowledge.adrs.map { $0.adr.number ?? 0 }
        #expect(numbers == [1, 2, 2, 14, 15, 17])
    }

    @Test func theSameMissingSuccessorIsReportedOnceUnderADRIds() throws {
        let (_, result) = try Self.analyze(Self.decisions)
        let onDrone = result.knowledge.findings.filter { $0.location?.path == "docs/adr/0014-drone.md" }
        #expect(onDrone.map(\.id) == ["adr.missing-successor"])
    }
}
