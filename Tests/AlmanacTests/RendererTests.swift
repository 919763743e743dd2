import CMark
import Foundation
import Graphviz
import Testing

@Suite struct MarkdownRendererTests {
    @Test func safeModeDropsRawHTMLAndScriptLinks() {
        let output = MarkdownRenderer.render("""
        # Title <script>alert(1)</script>

        <script>alert(2)</script>

        [click](javascript:alert(3)) <img src=x onerror=alert(4)>
        """)
        #expect(!output.html.contains("<script"))
        #expect(!output.html.contains("javascript:"))
        #expect(!output.html.contains("onerror"))
        #expect(output.html.contains("raw HTML omitted"))
    }

    @Test func headingsGetUniqueGitHubStyleIDs() {
        let output = MarkdownRenderer.render("# Restore\n\n## Setup\n\n## Setup\n\n### `kubectl` & friends\n")
        #expect(output.headings.map(\.id) == ["restore", "setup", "setup-1", "kubectl--friends"])
        #expect(output.html.contains("<h2 id=\"setup-1\">Setup</h2>"))
        #expect(output.html.contains("<h1 id=\"restore\">"))
    }

    @Test func gfmTablesStrikethroughAndCodeLanguages() {
        let output = MarkdownRenderer.render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ https://example.com\n\n```yaml\nkind: X\n```\n")
        #expect(output.html.contains("<table>"))
        #expect(output.html.contains("<del>old</del>"))
        #expect(output.html.contains("<a href=\"https://example.com\">"))
        #expect(output.html.contains("class=\"language-yaml\""))
    }

    @Test func linksAreReportedWithLinesAndRewritten() {
        let output = MarkdownRenderer.render("Intro\n\nSee [the runbook](../runbooks/x.md#step-2).\n") { url, _ in
            url.hasSuffix(".md#step-2") ? "../../runbooks/x/index.html#step-2" : nil
        }
        #expect(output.links.map(\.url) == ["../runbooks/x.md#step-2"])
        #expect(output.links.map(\.line) == [3])
        #expect(output.html.contains("href=\"../../runbooks/x/index.html#step-2\""))
    }

    /// cmark-gfm loses strikethrough and autolinks when two threads parse at once; the wrapper
    /// must serialise finishing a parse (the inline pass) so every concurrent render equals the
    /// serial one.
    @Test func concurrentRendersMatchSerialRender() {
        let text = (0..<40).map { "Line ~~\($0)~~ at https://example.com/\($0) and www.example.org." }.joined(separator: "\n\n")
        let expected = MarkdownRenderer.render(text).html
        let results = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: 256) { _ in results.add(MarkdownRenderer.render(text).html) }
        #expect(results.values.count == 256)
        #expect(results.values.allSatisfy { $0 == expected })
    }
}

final class ResultsBox: @unchecked Sendable {
    private var storage: [String] = []
    private let lock = NSLock()
    func add(_ value: String) { lock.lock(); storage.append(value); lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return storage }
}

@Suite struct GraphvizRendererTests {
    @Test func rendersSVGWithEscapedLabels() throws {
        let label = GraphvizRenderer.escape("a \"quoted\" <b>&</b>")
        let svg = try GraphvizRenderer.svg(dot: "digraph { x [label=\"\(label)\"]; x -> y; }")
        #expect(svg.contains("<svg"))
        #expect(svg.contains("&lt;b&gt;&amp;&lt;/b&gt;"))
        #expect(!svg.contains("<b>"))
    }

    @Test func htmlLikeLabelsTakeQuotesAsEntities() throws {
        let text = GraphvizRenderer.escapeHTMLLabel("ns \"x\" <b>&'")
        let svg = try GraphvizRenderer.svg(dot: "digraph { x [shape=plain, label=<<TABLE><TR><TD TOOLTIP=\"\(text)\">\(text)</TD></TR></TABLE>>]; }")
        #expect(svg.contains("ns &quot;x&quot; &lt;b&gt;&amp;"))
        #expect(!svg.contains("<b>"))
    }

    @Test func invalidDOTThrowsWithGraphvizMessage() {
        #expect(throws: GraphvizRenderer.Failure.self) { try GraphvizRenderer.svg(dot: "digraph { a -> ; }") }
    }

    @Test func concurrentRendersOfAGraphAreIdentical() throws {
        let dot = "digraph { rankdir=LR; a -> b -> c; a -> c; d -> a; }"
        let expected = try GraphvizRenderer.svg(dot: dot)
        let results = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: 16) { _ in results.add((try? GraphvizRenderer.svg(dot: dot)) ?? "") }
        #expect(results.values.allSatisfy { $0 == expected })
    }
}
