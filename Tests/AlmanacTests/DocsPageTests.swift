import Foundation
@testable import AlmanacSite
import Testing

/// The finishing touches on document HTML, the folder navigation and breadcrumbs.
@Suite struct DocsPageTests {
    @Test func headingsGetAVisibleLinkToThemselves() {
        let html = DocsHTML.addHeadingLinks("<h2 id=\"step-1\">Step <code>1</code></h2>\n<p>x</p>\n<h3 id=\"a\">A</h3>")
        #expect(html == "<h2 id=\"step-1\">Step <code>1</code> <a class=\"heading-anchor\" href=\"#step-1\" aria-label=\"Link to this section\">#</a></h2>\n<p>x</p>\n<h3 id=\"a\">A <a class=\"heading-anchor\" href=\"#a\" aria-label=\"Link to this section\">#</a></h3>")
    }

    @Test func codeBlocksWithALanguageGetALabelAndDotBlocksBecomeDiagrams() {
        let html = "<pre><code class=\"language-yaml\">kind: X\n</code></pre>\n<pre><code>plain\n</code></pre>\n<pre><code class=\"language-dot\">digraph { a -&gt; b [label=&quot;x&quot;] }\n</code></pre>"
        var seen: [String] = []
        let result = DocsHTML.labelCodeBlocks(html) { dot in seen.append(dot); return "<figure>SVG</figure>" }
        #expect(seen == ["digraph { a -> b [label=\"x\"] }\n"])
        #expect(result == "<div class=\"code-block\"><span class=\"code-lang\">yaml</span><pre><code class=\"language-yaml\">kind: X\n</code></pre></div>\n<pre><code>plain\n</code></pre>\n<figure>SVG</figure>")
    }

    @Test func tablesScrollOnTheirOwnAndTheRepeatedTitleIsDropped() {
        #expect(DocsHTML.wrapTables("<table><tr><td>1</td></tr></table>")
                == "<div class=\"table-scroll\"><table><tr><td>1</td></tr></table></div>")
        #expect(DocsHTML.removingLeadingTitle("<h1 id=\"restore\">Restore</h1>\n<p>x</p>", title: "Restore") == "<p>x</p>")
        #expect(DocsHTML.removingLeadingTitle("<h1 id=\"other\">Other</h1>\n<p>x</p>", title: "Restore")
                == "<h1 id=\"other\">Other</h1>\n<p>x</p>")
    }

    @Test func folderPagesBreadcrumbsAndSideNavigationMirrorTheFolders() throws {
        let fixture = try FixtureRepo("""
        -- docs/operations/README.md --
        # Operations handbook

        How we run things.
        -- docs/operations/runbooks/node-failure.md --
        # Node failure
        -- docs/operations/guides/start.md --
        # Getting started
        -- docs/reference/ports.md --
        # Port registry
        """)
        defer { fixture.remove() }
        let out = temporaryDirectory("docs-nav")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", fixture.path, "--out", out.path, "--quiet", "--no-git-history"])
        let site = files(under: out).mapValues { String(decoding: $0, as: UTF8.self) }
        // A README is its folder's page, enriched with the listing; folders without one get a page.
        let operations = try #require(site["operations/index.html"])
        #expect(operations.contains("How we run things."))
        #expect(operations.contains("<a href=\"../operations/guides/index.html\">Guides</a>"))
        #expect(operations.contains("<a href=\"../operations/runbooks/index.html\">Runbooks</a>"))
        for page in ["docs/index.html", "operations/runbooks/index.html", "operations/guides/index.html", "reference/index.html"] {
            #expect(site[page] != nil, "no index page \(page)")
        }
        // Each crumb links to its folder's index page.
        let runbook = try #require(site["operations/runbooks/node-failure/index.html"])
        #expect(runbook.contains("<li><a href=\"../../../docs/index.html\">Docs</a></li>"))
        #expect(runbook.contains("<li><a href=\"../../../operations/index.html\">Operations</a></li>"))
        #expect(runbook.contains("<li><a href=\"../../../operations/runbooks/index.html\">Runbooks</a></li>"))
        #expect(runbook.contains("<li><span>Node failure</span></li>"))
        // The side navigation marks the page and opens the folders on its path only; other folders
        // are links to their index pages, never a copy of their tree.
        #expect(runbook.contains("<li><a href=\"../../../operations/runbooks/node-failure/index.html\" aria-current=\"page\">Node failure</a></li>"))
        #expect(runbook.contains("<li class=\"docs-folder\"><details open><summary><a href=\"../../../operations/runbooks/index.html\">Runbooks</a>"))
        #expect(runbook.contains("<li class=\"docs-folder\"><a href=\"../../../reference/index.html\">Reference</a> <span class=\"count\">1</span></li>"))
        #expect(!runbook.contains("reference/ports/index.html"))
    }

    @Test func longFoldersShowTheDocumentsAroundThePageAndLinkTheRest() throws {
        var text = "-- docs/index.md --\n# Docs\n"
        for number in 1...60 { text += "-- docs/notes/note-\(String(format: "%02d", number)).md --\n# Note \(number)\n" }
        let fixture = try FixtureRepo(text)
        defer { fixture.remove() }
        let out = temporaryDirectory("docs-window")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", fixture.path, "--out", out.path, "--quiet", "--no-git-history"])
        let page = try String(contentsOf: out.appendingPathComponent("notes/note-50/index.html"), encoding: .utf8)
        let listed = page.components(separatedBy: "href=\"../../notes/note-").count - 1
        #expect(listed == SiteBuilder.navigationWindow)
        #expect(page.contains("aria-current=\"page\">Note 50</a>"))
        #expect(!page.contains("notes/note-01/index.html"))
        #expect(page.contains("all 60 in Notes</a>"))
    }
}
