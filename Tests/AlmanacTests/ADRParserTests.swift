@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// ADRs in both formats, read from inline Markdown.
@Suite struct ADRParserTests {
    static func adr(_ path: String, _ text: String) -> ADR {
        ADRParser.parse(MarkdownReader.read(path: path, text: text).0)
    }

    @Test func nygardWithSupersededByLink() {
        let adr = Self.adr("docs/architecture/decisions/ADR-014-drone-ci.md", """
        # 14. Run CI on Drone

        Date: 2024-10-12

        ## Status

        Superseded by [16. Use Gitea Actions for CI](ADR-016-gitea-actions.md)

        ## Context

        Pull requests were merged without checks.

        ## Decision

        Use **Drone**.
        """)
        #expect(adr.number == 14)
        #expect(adr.title == "Run CI on Drone")
        #expect(adr.format == .nygard)
        #expect(adr.status == .superseded)
        #expect(adr.statusLocation == SourceLocation(path: "docs/architecture/decisions/ADR-014-drone-ci.md", line: 7))
        #expect(adr.date == "2024-10-12")
        #expect(adr.relations == [ADRRelation(kind: .supersededBy, target: 16, link: "ADR-016-gitea-actions.md",
                                              location: SourceLocation(path: adr.path, line: 7))])
        #expect(adr.decisionText == "Use **Drone**.")
        #expect(adr.decisionLine == 13)
        #expect(adr.label == "ADR-014")
    }

    @Test func nygardAcceptedWithAmendAndSupersedeLines() {
        let adr = Self.adr("docs/adr/0011-volsync.md", """
        # 11. Use VolSync

        Date: 2024-08-17

        ## Status

        Accepted

        Amends [6. Back up with Velero](0006-velero.md)
        * Supersedes ADR-8
        Amended by [12. Later](0012-later.md)
        """)
        #expect(adr.number == 11)
        #expect(adr.status == .accepted)
        #expect(adr.statusLocation?.line == 7)
        #expect(adr.relations.map(\.kind) == [.amends, .supersedes, .amendedBy])
        #expect(adr.relations.map(\.target) == [6, 8, 12])
        #expect(adr.relations.map(\.location.line) == [9, 10, 11])
    }

    @Test func madrFrontMatterAndChosenOption() {
        let adr = Self.adr("docs/architecture/decisions/ADR-007-longhorn.md", """
        ---
        status: accepted
        date: 2024-04-13
        decision-makers: Maya Lindqvist, Tomás Okafor
        consulted: Priya
        ---

        # Use Longhorn for replicated block storage

        ## Context and Problem Statement

        What provides volumes?

        ## Considered Options

        * Longhorn
        * Rook-Ceph

        ## Decision Outcome

        Chosen option: "Longhorn", because it fits.

        ### Consequences

        * Good, because replicas.
        """)
        #expect(adr.number == 7)
        #expect(adr.title == "Use Longhorn for replicated block storage")
        #expect(adr.format == .madr)
        #expect(adr.status == .accepted)
        #expect(adr.statusLocation?.line == 2)
        #expect(adr.date == "2024-04-13")
        #expect(adr.decisionMakers == ["Maya Lindqvist", "Tomás Okafor"])
        #expect(adr.chosenOption == "Longhorn")
        #expect(adr.decisionText == "Chosen option: \"Longhorn\", because it fits. ### Consequences * Good, because replicas.")
    }

    @Test func madrListOfDecisionMakersAndSupersededStatus() {
        let adr = Self.adr("docs/decisions/0003-x.md", """
        ---
        status: superseded by ADR-0020
        decision-makers: [Ann, Bo]
        ---
        # Use X
        """)
        #expect(adr.status == .superseded)
        #expect(adr.decisionMakers == ["Ann", "Bo"])
        #expect(adr.relations.map(\.kind) == [.supersededBy])
        #expect(adr.relations.first?.target == 20)
        #expect(adr.relations.first?.location.line == 2)
    }

    @Test func madrTwoHeaderBullets() {
        let adr = Self.adr("docs/adr/0002-y.md", """
        # Use Y

        * Status: proposed
        * Deciders: Ann, Bo
        * Date: 2020-01-02

        ## Context and Problem Statement
        """)
        #expect(adr.status == .proposed)
        #expect(adr.decisionMakers == ["Ann", "Bo"])
        #expect(adr.date == "2020-01-02")
        #expect(adr.statusLocation?.line == 3)
    }

    @Test func recordWithoutStatus() {
        let adr = Self.adr("docs/adr/0004-z.md", "# 4. Z\n\nDate: 2024-01-01\n\n## Context\n\nNothing decided.\n")
        #expect(adr.status == nil)
        #expect(adr.statusLocation == nil)
        #expect(adr.number == 4)
    }

    @Test func yamlInsideACodeFenceIsNotFrontMatterNorStatus() {
        let adr = Self.adr("docs/adr/0005-fenced.md", """
        ```yaml
        status: accepted
        ```
        # 5. Fenced

        ```
        ## Status

        Accepted
        ```
        """)
        #expect(adr.status == nil)
        #expect(adr.format == .nygard)
    }

    @Test func statusesAreNormalizedAndOthersKeptAsWritten() {
        func status(_ line: String) -> ADRStatus? {
            Self.adr("docs/adr/0001-s.md", "# 1. S\n\n## Status\n\n\(line)\n").status
        }
        #expect(status("**Accepted**") == .accepted)
        #expect(status("deprecated.") == .deprecated)
        #expect(status("Rejected (2024-05-01)") == .rejected)
        #expect(status("Proposed") == .proposed)
        #expect(status("Superseded") == .superseded)
        #expect(status("Approved by the board") == .other("Approved by the board"))
        #expect(status("Accepted-ish") == .other("Accepted-ish"))
    }

    @Test func numberFromFileNameThenTitle() {
        #expect(ADRParser.number(fromFileName: "docs/adr/ADR-014-drone-ci.md") == 14)
        #expect(ADRParser.number(fromFileName: "docs/adr/0007-use-x.md") == 7)
        #expect(ADRParser.number(fromFileName: "docs/adr/adr_12_use_y.md") == 12)
        #expect(ADRParser.number(fromFileName: "docs/adr/use-y.md") == nil)
        let document = Document(path: "docs/adr/use-y.md", kind: .adr, title: "12. Use Y", body: "# 12. Use Y\n")
        #expect(ADRParser.parse(document).number == 12)
        #expect(ADRParser.parse(document).title == "Use Y")
    }

    @Test func templatesAndIndexFilesAreNotRecords() {
        for path in ["docs/architecture/decisions/README.md", "docs/architecture/decisions/adr-template.md",
                     "docs/architecture/decisions/template.md", "docs/architecture/decisions/index.md"] {
            let document = MarkdownReader.read(path: path, text: "# Title\n").0
            #expect(document.kind == .doc, "\(path)")
            #expect(!ADRParser.isRecord(document), "\(path)")
        }
        let numberedTemplate = MarkdownReader.read(path: "docs/adr/0000-template.md", text: "# Title\n").0
        #expect(numberedTemplate.kind == .adr)
        #expect(!ADRParser.isRecord(numberedTemplate))
        #expect(ADRParser.isRecord(MarkdownReader.read(path: "docs/adr/0001-record.md", text: "# 1. R\n").0))
    }

    @Test func committedVersionsAreReadFromPlainText() {
        let adr = ADRParser.parse(text: "---\nstatus: \"accepted\"\ndate: 2024-01-01\n---\n# X\n\n## Decision Outcome\n\nChosen option: \"A\"\n",
                                  path: "docs/adr/0001-x.md")
        #expect(adr.status == .accepted)
        #expect(adr.decisionText == "Chosen option: \"A\"")
        #expect(adr.chosenOption == "A")
    }
}

/// Which services a record mentions.
@Suite struct ServiceMentionsTests {
    static let services = ["glance", "home-assistant", "cloudnative-pg", "gitea", "cert-manager", "drone", "drone-runner"].map {
        Service(id: "k3s/apps/x/\($0)", name: $0, taxonomy: ["apps", "x"], tier: .apps, slug: $0)
    }

    func mentioned(_ text: String) -> [String] {
        ServiceMentions(services: Self.services).services(in: text).map { $0.replacingOccurrences(of: "k3s/apps/x/", with: "") }
    }

    @Test func wholeWordsAndNameLikeSpellings() {
        #expect(mentioned("Visible at a glance, in the homepage.") == [])
        #expect(mentioned("Glance shows it.") == ["glance"])
        #expect(mentioned("Run `glance` for it.") == ["glance"])
        #expect(mentioned("Home Assistant talks to MQTT.") == ["home-assistant"])
        #expect(mentioned("CloudNativePG runs the cluster.") == ["cloudnative-pg"])
        #expect(mentioned("See [the folder](../../k3s/apps/dev-tools/gitea/) and cert-manager.") == ["cert-manager", "gitea"])
        #expect(mentioned("drone-runner-kube and gitea-ssh are other things") == [])
        #expect(mentioned("Use **Drone** (`drone/drone:2.25.0`) with drone-runner.") == ["drone", "drone-runner"])
        #expect(mentioned("```\ngitea\n```") == ["gitea"])
    }
}
