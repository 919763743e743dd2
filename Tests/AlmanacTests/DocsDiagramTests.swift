import Foundation
@testable import AlmanacScan
@testable import AlmanacSite
import Testing

/// Diagrams in documents: Graphviz rendered inline (and safely), SVG as images, the rest as source.
@Suite struct DocsDiagramTests {
    @Test func eachDiagramKindIsShownTheRightWay() throws {
        let fixture = try FixtureRepo("""
        -- docs/arch/README.md --
        # Architecture

        See [the flow](flow.gv) and:

        ```dot
        digraph { inline_a -> inline_b }
        ```
        -- docs/arch/flow.gv --
        digraph flow { gitea -> argocd -> cluster }
        -- docs/arch/network.svg --
        <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>
        -- docs/arch/evil.svg --
        <svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>
        -- docs/arch/context.puml --
        @startuml
        Alice -> Bob : <hello>
        @enduml
        -- docs/arch/flow.mmd --
        flowchart LR
          a --> b
        """)
        defer { fixture.remove() }
        let out = temporaryDirectory("docs-diagrams")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = runCLI(["build", fixture.path, "--out", out.path, "--quiet", "--no-git-history"])
        #expect(result.stderr.contains("docs/arch/evil.svg:1:1: warning: SVG 'evil.svg' contains a <script> element; it is not published [docs.unsafe-svg]"))
        let site = files(under: out)
        let page = String(decoding: try #require(site["arch/index.html"]), as: UTF8.self)
        // The ```dot block and the .gv file are inline SVG, laid out by Graphviz.
        #expect(page.contains("<title>inline_a</title>"))
        #expect(page.contains("<title>gitea</title>"))
        #expect(page.contains("href=\"../arch/index.html#diagram-flow-gv\""), "links to a diagram go to its figure")
        #expect(page.contains("<figure class=\"diagram-file\" id=\"diagram-flow-gv\">"))
        // SVG files are images (script cannot run in <img>); an SVG with script is not published at all.
        #expect(page.contains("<img src=\"../assets/files/docs/arch/network.svg\" alt=\"network.svg\" loading=\"lazy\">"))
        #expect(site["assets/files/docs/arch/network.svg"] != nil)
        #expect(site["assets/files/docs/arch/evil.svg"] == nil)
        #expect(!page.contains("<script>alert"))
        // PlantUML and Mermaid are shown as escaped source, with the file copied for download.
        #expect(page.contains("Alice -&gt; Bob : &lt;hello&gt;"))
        #expect(page.contains("<a href=\"../assets/files/docs/arch/context.puml\" download>download</a>"))
        #expect(page.contains("<a href=\"../assets/files/docs/arch/flow.mmd\" download>download</a>"))
        #expect(site["assets/files/docs/arch/context.puml"] == Data("@startuml\nAlice -> Bob : <hello>\n@enduml\n".utf8))
        #expect(site["assets/files/docs/arch/flow.gv.svg"].map { String(decoding: $0, as: UTF8.self).contains("<svg") } == true)
    }

    @Test func scriptURLsInDOTNeverReachTheSVG() throws {
        let svg = try DocsDiagramRenderer.svg(dot: """
        digraph {
          a [URL="javascript:alert(1)", target="_blank"];
          b [URL="https://example.com/b", target="_top"];
          c [href="jav&#97;script:alert(2)"];
          d [URL="docs/d.html"];
          e [URL=" JaVaScRiPt:alert(3)"];
          f [URL="data:text/html,<script>alert(4)</script>"];
          a -> b [URL="vbscript:msgbox(5)"];
          g [image="/etc/hostname"];
          h [fontname="F\\" onerror=\\"alert(6)\\"><script>alert(7)</script><text x=\\"", URL="x\\" onmouseover=\\"alert(8)"];
          i [label=<<TABLE><TR><TD HREF="javascript:alert(9)&quot; onclick=&quot;x">cell</TD></TR></TABLE>>];
        }
        """)
        #expect(!svg.contains("onerror") && !svg.contains("onmouseover") && !svg.contains("onclick"))
        #expect(!svg.contains("<script") && !svg.contains("alert(7)"))
        #expect(!svg.lowercased().contains("javascript"))
        #expect(!svg.contains("jav&#97;script") && !svg.contains("vbscript") && !svg.contains("data:text"))
        #expect(!svg.contains("_blank"), "the target of a stripped link goes with it")
        #expect(svg.contains("xlink:href=\"https://example.com/b\""))
        #expect(svg.contains("target=\"_top\""))
        #expect(svg.contains("xlink:href=\"docs/d.html\""))
        #expect(!svg.contains("<image"))
        #expect(svg.hasPrefix("<svg"))
    }

    @Test func idsArePrefixedPerDiagramSoTwoOnAPageDoNotClash() throws {
        let prefix = DocsDiagramRenderer.idPrefix(for: "digraph { a -> b }")
        let svg = try DocsDiagramRenderer.svg(dot: "digraph { a -> b }")
        #expect(svg.contains("<g id=\"\(prefix)node1\" class=\"node\">"))
        #expect(!svg.contains("id=\"node1\""))
        #expect(prefix != DocsDiagramRenderer.idPrefix(for: "digraph { a -> c }"))
        let gradient = DiagramSVGSanitizer.sanitize("<svg><path fill=\"url(#l_0)\" id=\"x\"/><a xlink:href=\"#x\">t</a></svg>", idPrefix: "p-")
        #expect(gradient == "<svg><path fill=\"url(#p-l_0)\" id=\"p-x\"/><a xlink:href=\"#p-x\">t</a></svg>")
    }

    @Test func urlSchemesAreJudgedAfterDecoding() {
        #expect(DiagramSVGSanitizer.isSafeURL("https://x"))
        #expect(DiagramSVGSanitizer.isSafeURL("#node1"))
        #expect(DiagramSVGSanitizer.isSafeURL("../a/b.html?x=1:2"))
        #expect(!DiagramSVGSanitizer.isSafeURL("javascript:x"))
        #expect(!DiagramSVGSanitizer.isSafeURL("java\tscript:x"))
        #expect(!DiagramSVGSanitizer.isSafeURL("&#x6A;avascript&colon;x"))
        #expect(!DiagramSVGSanitizer.isSafeURL("&#106;avascript:x"))
        #expect(!DiagramSVGSanitizer.isSafeURL("mailto:a@b"))
    }

    /// Graphviz lays out clustered graphs differently from one layout to the next within a
    /// process; Almanac gives each clustered layout its own process, so output never varies.
    @Test func clusteredGraphsRenderIdenticallyEveryTime() throws {
        let dot = try String(contentsOf: projectRoot.appendingPathComponent("content/docs/architecture/diagrams/gitops-flow.dot"),
                             encoding: .utf8)
        #expect(DocsDiagramRenderer.isClustered(dot))
        guard case .process = DocsDiagramRenderer.route(for: dot) else {
            Issue.record("a clustered graph must be laid out in its own process")
            return
        }
        // Graphs without clusters go to a worker too: a worker can be held to a time and memory limit.
        #expect(DocsDiagramRenderer.route(for: "digraph { a -> b }") == DocsDiagramRenderer.route(for: dot))
        let first = try DocsDiagramRenderer.svg(dot: dot)
        #expect(first.contains("<title>cluster_argocd</title>"))
        for _ in 0..<5 {
            #expect(try DocsDiagramRenderer.svg(dot: dot) == first)
        }
    }

    @Test func unsafeSVGIsRecognised() {
        #expect(SVGSafety.problem(in: "<svg>\n<rect onclick=\"x()\"/></svg>") == .init(what: "an event handler attribute", line: 2))
        #expect(SVGSafety.problem(in: "<svg><a href=\"javascript:x\"><text>t</text></a></svg>")?.what == "a script URL")
        #expect(SVGSafety.problem(in: "<svg><foreignObject/></svg>")?.what == "a <foreignObject> element")
        #expect(SVGSafety.problem(in: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><svg font-family=\"x\"><text>on=1</text></svg>") == nil)
    }

    /// Bypasses a browser test found: references and control characters a browser decodes or
    /// ignores, animations that rewrite a link, namespaced handlers.
    @Test func unsafeSVGIsRecognisedThroughEncodings() {
        let cases: [(String, String)] = [
            (#"<svg><a><animate attributeName="href" values="&#106;avascript:alert(1)"/><text>x</text></a></svg>"#, "an animation of a link"),
            (#"<svg><a><set attributeName="xlink:href" to="java&#x0A;script:alert(2)"/></a></svg>"#, "an animation of a link"),
            (#"<svg><a xlink:href="java&#x0A;script:alert(3)"><text>x</text></a></svg>"#, "a script URL"),
            (#"<svg><a href="&#x6A;&#x61;vascript&#58;alert(4)">x</a></svg>"#, "a script URL"),
            ("<svg><a href=\"java\tscript:alert(5)\">x</a></svg>", "a script URL"),
            (#"<svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(6)</s:script></svg>"#, "a <script> element"),
            (#"<svg><rect s:onload="alert(7)"/></svg>"#, "an event handler attribute"),
            (#"<?xml-stylesheet type="text/xsl" href="x.xsl"?><svg/>"#, "a style sheet processing instruction"),
            (##"<svg><use href="other.svg#x"/></svg>"##, "a reference to another document"),
            (#"<svg><a href="data&#58;text/html,x">x</a></svg>"#, "a script URL"),
        ]
        for (svg, what) in cases { #expect(SVGSafety.problem(in: svg)?.what == what, "\(svg)") }
        // Inert drawings stay publishable: local references, raster images, text about scripts.
        #expect(SVGSafety.problem(in: ##"<svg><use href="#node"/><image href="data:image/png;base64,iVBOR"/><text>script &amp; code</text></svg>"##) == nil)
        #expect(SVGSafety.problem(in: "<svg>\n<text>a</text>\n<a href=\"&#106;avascript:x\"/></svg>")?.line == 3)
    }
}
