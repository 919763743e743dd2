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
}
