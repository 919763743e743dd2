@testable import AlmanacSite
import Foundation
import Testing

/// Templates place HTML unescaped only when it is a SafeHTML; everything else is escaped.
@Suite struct SafeHTMLTests {
    @Test func noTemplateHasAnUnescapedHole() throws {
        let folder = projectRoot.appendingPathComponent("site-templates/templates")
        let templates = files(under: folder).filter { $0.key.hasSuffix(".mustache") }
        #expect(templates.count > 20)
        let holes = templates.filter { String(decoding: $0.value, as: UTF8.self).contains("{{{") || String(decoding: $0.value, as: UTF8.self).contains("{{&") }
        #expect(holes.keys.sorted() == [])
    }

    @Test func onlySafeHTMLPassesUnescaped() throws {
        let renderer = try TemplateRenderer()
        let folder: [String: Any] = ["path": "docs", "title": "<b>Docs</b>"]
        let safe = try renderer.render("partials/docs-folder", ["svgHTML": SafeHTML.built("<svg><b>drawn</b></svg>"), "folder": folder])
        #expect(safe.contains("<svg><b>drawn</b></svg>") || !safe.contains("&lt;svg&gt;"))
        let layout = try renderer.render("source", ["file": ["path": "a.yaml"], "code": "<script>alert(1)</script>"])
        #expect(layout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!layout.contains("<script>alert(1)"))
        let built = try renderer.render("source", ["file": ["path": "a.yaml"], "code": SafeHTML.built("<span class=\"line\">x</span>")])
        #expect(built.contains("<code><span class=\"line\">x</span></code>"))
    }

    @Test func repositoryTextCannotForgeTheMarker() {
        #expect(SafeHTML.escape("\u{0}<script>") == "\u{0}&lt;script&gt;")
        #expect(SafeHTML.escape("\u{0}00000000-0000-0000-0000-000000000000\u{0}<b>") == "\u{0}00000000-0000-0000-0000-000000000000\u{0}&lt;b&gt;")
        #expect(SafeHTML.escape(SafeHTML.marker + "<b>") == "<b>")
        #expect(!SafeHTML.built("<b>").renderText.isEmpty)
    }

    @Test func sanitizedSVGDropsScriptEvenFromAlmanacsOwnGraphs() {
        let svg = SafeHTML.sanitizedSVG(#"<svg class="graph" role="img" aria-label="x"><script>alert(1)</script><a xlink:href="javascript:alert(2)"><text onclick="alert(3)">n</text></a></svg>"#)
        #expect(!svg.html.contains("script") && !svg.html.contains("onclick") && !svg.html.contains("javascript"))
        #expect(svg.html.hasPrefix(#"<svg class="graph" role="img" aria-label="x">"#))
    }
}
