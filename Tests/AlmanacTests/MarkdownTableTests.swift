@testable import AlmanacAnalysis
import Testing

@Suite struct MarkdownTableTests {
    @Test func readsHeaderAlignmentsRowsAndLines() throws {
        let text = """
        # Port registry

        Intro.

        ## Core

        | Service | Port | Protocol |
        |:--------|-----:|:--------:|
        | traefik | 80   | TCP      |
        | traefik | 443  | TCP      |

        After the table.
        """
        let tables = MarkdownTable.parse(text, firstLine: 3)
        #expect(tables.count == 1)
        let table = try #require(tables.first)
        #expect(table.heading == "Core")
        #expect(table.header == ["Service", "Port", "Protocol"])
        #expect(table.alignments == [.left, .right, .center])
        #expect(table.line == 9)
        #expect(table.rows == [
            MarkdownTable.Row(cells: ["traefik", "80", "TCP"], line: 11),
            MarkdownTable.Row(cells: ["traefik", "443", "TCP"], line: 12),
        ])
    }

    @Test func pipesAtTheEdgesAreOptional() throws {
        let table = try #require(MarkdownTable.parse("Service | Port\n--- | ---\nplex | 32400\n").first)
        #expect(table.header == ["Service", "Port"])
        #expect(table.alignments == [.none, .none])
        #expect(table.rows.map(\.cells) == [["plex", "32400"]])
    }

    @Test func escapedPipesStayInTheCell() throws {
        let table = try #require(MarkdownTable.parse("| a | b |\n|---|---|\n| x \\| y | `p\\|q` |\n").first)
        #expect(table.rows.map(\.cells) == [["x | y", "`p|q`"]])
    }

    @Test func shortRowsArePaddedAndLongRowsCut() throws {
        let table = try #require(MarkdownTable.parse("| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n").first)
        #expect(table.rows.map(\.cells) == [["1", ""], ["1", "2"]])
    }

    @Test func aDelimiterRowWithAnotherWidthIsNoTable() {
        #expect(MarkdownTable.parse("| a | b |\n|---|\n| 1 | 2 |\n").isEmpty)
        #expect(MarkdownTable.parse("| a | b |\n| x | y |\n").isEmpty)
    }

    @Test func tablesEndAtBlankLinesAndHeadings() throws {
        let text = "| a |\n|---|\n| 1 |\n\n| 2 |\n### Next\n| b |\n|---|\n| 3 |\n# Last\n"
        let tables = MarkdownTable.parse(text)
        #expect(tables.map(\.rows.count) == [1, 1])
        #expect(tables.map(\.heading) == [nil, "Next"])
    }

    @Test func tablesInsideCodeFencesAreIgnored() {
        let text = "```markdown\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n~~~\n| c |\n|---|\n~~~\n"
        #expect(MarkdownTable.parse(text).isEmpty)
    }

    @Test func headersNormalizeForMatching() {
        #expect(MarkdownTable.normalizeHeader("Exposure / IP") == "exposure ip")
        #expect(MarkdownTable.normalizeHeader("**Port #**") == "port")
    }
}
