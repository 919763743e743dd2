@testable import AlmanacAnalysis
import AlmanacModel
@testable import AlmanacScan
import Testing

/// Inputs the fuzz targets (`make fuzz`, Fuzz/) found, each with the behaviour it broke.
@Suite struct FuzzRegressionTests {
    /// markdown target: a bare URL the autolink extension links has no position in cmark; its
    /// link was placed at line 0, outside the file.
    @Test func autolinkedURLsKeepTheirLine() {
        let text = "---\ntitle: wg-easy\n---\n# wg-easy\n\n- Admin UI: https://wg-easy.lab.example.com (authentik)\n"
            + "- Metrics\n  go to www.example.com/metrics\n  or [there](metrics.md)\n"
        let links = MarkdownReader.read(path: "k3s/apps/networking/wg-easy/README.md", text: text).0.links
        #expect(links.map(\.url) == ["https://wg-easy.lab.example.com", "http://www.example.com/metrics", "metrics.md"])
        #expect(links.map(\.location.line) == [6, 8, 9])
    }

    /// ports, adr and runbook targets: "\r\n" is one Character, so splitting a String at "\n"
    /// kept a CRLF document in one line: no table, heading, status or section was found in a
    /// file checked out with Windows line ends.
    @Test func windowsLineEndsReadLikeUnixOnes() {
        let registry = "# Ports\n\n| Service | Port | Protocol |\n|---|---|---|\n| sonarr | 8989 | TCP |\n| dns | 53 | UDP |\n"
        let crlfRegistry = registry.replacingOccurrences(of: "\n", with: "\r\n")
        let tables = MarkdownTable.parse(crlfRegistry)
        #expect(tables.count == 1)
        #expect(tables.first?.rows.map(\.cells) == [["sonarr", "8989", "TCP"], ["dns", "53", "UDP"]])
        #expect(tables == MarkdownTable.parse(registry))

        let record = "---\nstatus: accepted\ndate: 2024-05-01\n---\n# 14. Drone CI\n\n## Status\n\nSuperseded by [ADR-017](ADR-017-x.md)\n\n## Decision\n\nUse Drone.\n"
        let crlfRecord = record.replacingOccurrences(of: "\n", with: "\r\n")
        let path = "docs/architecture/decisions/ADR-014-drone-ci.md"
        let committed = ADRParser.parse(text: crlfRecord, path: path)
        #expect(committed.status == .accepted && committed.date == "2024-05-01")
        #expect(committed.relations.map(\.target) == [17])
        #expect(committed == ADRParser.parse(text: record, path: path))
        let read = ADRParser.parse(MarkdownReader.read(path: path, text: crlfRecord).0)
        #expect(read.decisionText == "Use Drone.")
        #expect(read == ADRParser.parse(MarkdownReader.read(path: path, text: record).0))

        let runbook = "# Node down\n\n## NodeDown\n\nSteps.\n"
        let document = MarkdownReader.read(path: "docs/operations/runbooks/node-down.md",
                                           text: runbook.replacingOccurrences(of: "\n", with: "\r\n")).0
        let sections = RunbookReader.read(document, alertNames: ["nodedown": "NodeDown"], serviceNames: []).sections
        #expect(sections.map(\.text) == ["Node down", "NodeDown"])
        #expect(sections.map(\.line) == [1, 3])
    }

    /// adr and runbook targets: with CRLF line ends, a front matter closed by "..." was not
    /// read (the "\r" stayed on the closing line) and the title from the first heading kept a "\r".
    @Test func windowsLineEndsInFrontMatterAndTitle() {
        let text = "---\r\nstatus: accepted\r\ndate: 2025-05-10\r\n...\r\n# 14. Drone CI\r\n\r\nText.\r\n"
        let (document, diagnostics) = MarkdownReader.read(path: "docs/architecture/decisions/ADR-014-drone-ci.md", text: text)
        #expect(diagnostics.isEmpty)
        #expect(document.frontMatter["date"]?.text == "2025-05-10")
        #expect(document.bodyLine == 5)
        let untitled = MarkdownReader.read(path: "docs/operations/runbooks/page.md", text: "# Page\r\n\r\nText.\r\n").0
        #expect(untitled.title == "Page")
    }

    /// markdown target: cmark ends a line at a lone "\r" too, so a link after one was placed on
    /// a line past the end of the file (the views count only "\n").
    @Test func linksAfterALoneCarriageReturnKeepTheirFileLine() {
        let text = "# Old Mac\rline two\rline three\n\n[a link](other.md)\n"
        let links = MarkdownReader.read(path: "docs/old.md", text: text).0.links
        #expect(links.map(\.location.line) == [3])
    }
}
