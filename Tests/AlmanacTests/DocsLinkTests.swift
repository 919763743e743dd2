@testable import AlmanacAnalysis
import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// Links in documents: rewritten to site pages, and checked (`links.broken`, `links.missing-anchor`).
@Suite struct DocsLinkTests {
    static let repo = """
    -- docs/README.md --
    # Handbook

    Start with the [guide](guide/setup.md).
    -- docs/guide/setup.md --
    # Setup

    Read [restore, step 2](../ops/restore.md#step-2), then the [ops folder](../ops/) and the
    [deployment](../../k3s/apps/web/site/deployment.yaml#L3). Service: [site](../../k3s/apps/web/site/README.md), [usage](../../k3s/apps/web/site/README.md#usage).

    ![the console](img/console.png) ![missing](img/none.png)

    ## Local anchors

    Back to [local anchors](#local-anchors), [nowhere](#local-missing), [wrong case](#Local-Anchors).
    Then [a bad step](../ops/restore.md#no-such-heading) and [readme anchor](../ops/#step-2).
    -- docs/guide/img/console.png --
    not really a PNG
    -- docs/guide/img/unused.png --
    never referenced
    -- docs/ops/restore.md --
    # Restore

    ## Step 1

    ## Step 2
    -- k3s/apps/web/site/README.md --
    # site

    The web site; see [usage](#usage).

    ## Usage
    -- k3s/apps/web/site/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: site
      labels: {app.kubernetes.io/name: site}
    spec:
      template:
        spec:
          containers:
            - name: site
              image: nginx:1.27
              resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {memory: 32Mi}}
    """

    @Test func missingAnchorsAndBrokenLinksAreReportedWithTheirLines() throws {
        let fixture = try FixtureRepo(Self.repo)
        defer { fixture.remove() }
        let output = try RepositoryScanner(root: fixture.root, options: .init(gitHistory: false)).scan()
        let findings = Analyzer.analyze(output.repository).findings.filter { $0.id.hasPrefix("links.") }.sorted()
        let setup = "docs/guide/setup.md"
        #expect(findings == [
            Diagnostic(id: "links.broken", severity: .warning, location: SourceLocation(path: setup, line: 6, column: 1),
                       message: "image to 'img/none.png' leads nowhere in the repository",
                       note: "no file or folder at docs/guide/img/none.png"),
            Diagnostic(id: "links.missing-anchor", severity: .warning, location: SourceLocation(path: setup, line: 10, column: 1),
                       message: "link to '#local-missing' names no heading 'local-missing' in this document",
                       note: "its headings' anchors: #setup, #local-anchors"),
            Diagnostic(id: "links.missing-anchor", severity: .warning, location: SourceLocation(path: setup, line: 10, column: 1),
                       message: "link to '#Local-Anchors' names no heading 'Local-Anchors' in this document",
                       note: "anchors are lower case: use '#local-anchors'"),
            Diagnostic(id: "links.missing-anchor", severity: .warning, location: SourceLocation(path: setup, line: 11, column: 1),
                       message: "link to '../ops/restore.md#no-such-heading' names no heading 'no-such-heading' in 'docs/ops/restore.md'",
                       note: "its headings' anchors: #restore, #step-1, #step-2"),
        ].sorted())
    }

    @Test func linksLeadToPagesFolderIndexesSourceViewsServicesAndCopiedImages() throws {
        let fixture = try FixtureRepo(Self.repo)
        defer { fixture.remove() }
        let out = temporaryDirectory("docs-links")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", fixture.path, "--out", out.path, "--quiet", "--no-git-history"])
        let site = files(under: out)
        let page = try #require(site["guide/setup/index.html"].map { String(decoding: $0, as: UTF8.self) })
        #expect(page.contains("href=\"../../ops/restore/index.html#step-2\""))
        #expect(page.contains("href=\"../../ops/index.html\""), "a folder link goes to the folder's index page")
        #expect(page.contains("href=\"../../source/k3s/apps/web/site/deployment.yaml.html#L3\""))
        #expect(page.contains("href=\"../../services/site/index.html#readme\""), "a service README link goes to the service page")
        // On the service page the README's heading ids are prefixed, so they cannot clash with its sections.
        #expect(page.contains("href=\"../../services/site/index.html#readme-usage\""))
        let service = try #require(site["services/site/index.html"].map { String(decoding: $0, as: UTF8.self) })
        #expect(service.contains("<h2 id=\"readme-usage\">Usage <a class=\"heading-anchor\" href=\"#readme-usage\""))
        #expect(service.contains("<a href=\"#readme-usage\">usage</a>"))
        #expect(page.contains("src=\"../../assets/files/docs/guide/img/console.png\""))
        #expect(page.contains("src=\"img/none.png\""), "a missing image keeps its text (and is reported)")
        #expect(site["assets/files/docs/guide/img/console.png"] == Data("not really a PNG\n".utf8))
        #expect(site.keys.filter { $0.hasPrefix("assets/files/") } == ["assets/files/docs/guide/img/console.png"],
                "only images documents show are copied")
        // The folder without a README gets a generated index page listing its documents.
        let ops = try #require(site["ops/index.html"].map { String(decoding: $0, as: UTF8.self) })
        #expect(ops.contains("<a href=\"../ops/restore/index.html\">Restore</a>"))
    }

    @Test func missingAnchorCheckAcceptsTopAndEmptyFragments() {
        let document = Document(path: "a.md", kind: .doc, title: "A", body: "", anchors: ["intro"])
        let link = DocumentLink(url: "#top", isImage: false, location: SourceLocation(path: "a.md"))
        #expect(BrokenDocumentLink.missingAnchor("top", in: document, link: link, local: true) == nil)
        #expect(BrokenDocumentLink.missingAnchor("", in: document, link: link, local: true) == nil)
        #expect(BrokenDocumentLink.missingAnchor("intro", in: document, link: link, local: true) == nil)
        #expect(BrokenDocumentLink.missingAnchor("outro", in: document, link: link, local: true) != nil)
    }

    @Test func unsafeSchemesAreRecognisedAsABrowserReadsThem() {
        for url in ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "vbscript:msgbox", "file:///etc/passwd",
                    "data:text/html,<script>alert(1)</script>", "\u{01}javascript:x"] {
            #expect(LinkTarget.unsafeScheme(url) != nil, "\(url)")
        }
        #expect(LinkTarget.unsafeScheme("data:image/png;base64,iVBOR", isImage: true) == nil)
        #expect(LinkTarget.unsafeScheme("data:image/png;base64,iVBOR", isImage: false) == "data")
        #expect(LinkTarget.unsafeScheme("data:image/svg+xml,<svg onload=x>", isImage: true) == "data")
        for url in ["https://example.com/javascript:x", "docs/javascript.md", "mailto:a@b.c", "#javascript:", "?q=javascript:"] {
            #expect(LinkTarget.unsafeScheme(url) == nil, "\(url)")
        }
    }

    @Test func unsafeLinksAreDroppedWithADiagnosticNotCalledBroken() throws {
        let fixture = try FixtureRepo("""
        -- docs/a.md --
        # A

        [click](javascript:alert(1)) and ![pic](data:text/html,x) and [ok](https://example.com/).
        """)
        defer { fixture.remove() }
        let output = try RepositoryScanner(root: fixture.root, options: .init(gitHistory: false)).scan()
        let findings = Analyzer.analyze(output.repository).findings.filter { $0.id.hasPrefix("links.") }
        #expect(findings.map(\.id) == ["links.unsafe-scheme", "links.unsafe-scheme"])
        #expect(findings.map(\.message) == ["link with the unsafe scheme 'javascript:' is dropped from the site",
                                            "image with the unsafe scheme 'data:' is dropped from the site"])
        let out = temporaryDirectory("unsafe-links")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", fixture.path, "--out", out.path, "--quiet", "--no-git-history"])
        let page = try String(contentsOf: out.appendingPathComponent("a/index.html"), encoding: .utf8)
        #expect(!page.lowercased().contains("javascript:"))
        #expect(!page.contains("data:text/html"))
        #expect(page.contains("href=\"https://example.com/\""))
    }
}
