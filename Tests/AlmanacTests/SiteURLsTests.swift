@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
@testable import AlmanacSite
import Foundation
import Testing

@Suite struct SiteURLsTests {
    @Test func documentPagesMirrorTheDocsFolder() {
        #expect(DocumentPagePath.of("docs/operations/runbooks/backup-restore.md") == "operations/runbooks/backup-restore/index.html")
        #expect(DocumentPagePath.of("docs/README.md") == "docs/index.html")
        #expect(DocumentPagePath.of("docs/architecture/decisions/README.md") == "architecture/decisions/index.html")
        #expect(DocumentPagePath.of("docs/services/x.md") == "docs/services/x/index.html")
        #expect(DocumentPagePath.of("bootstrap/argocd/README.md") == "repo/bootstrap/argocd/index.html")
        // A docs folder named like a site section moves under docs/, every section included.
        for section in DocumentPagePath.reserved {
            #expect(DocumentPagePath.of("docs/\(section)/x.md") == "docs/\(section)/x/index.html")
        }
        #expect(DocumentPagePath.of("docs/Über uns/a b.md") == "Über-uns/a-b/index.html")
    }

    @Test func relativeLinksClimbToTheRoot() {
        #expect(SiteURLs.relative(from: "index.html", to: "services/index.html") == "services/index.html")
        #expect(SiteURLs.relative(from: "services/a/index.html", to: "assets/x.css") == "../../assets/x.css")
    }

    @Test func linksAreReadByOneRule() {
        let from = "docs/guides/a.md"
        #expect(LinkTarget.of("../runbooks/b.md#step", from: from) == .repository(path: "docs/runbooks/b.md", fragment: "step"))
        #expect(LinkTarget.of("/k3s/app/deployment.yaml?plain=1#L3", from: from)
                == .repository(path: "k3s/app/deployment.yaml", fragment: "L3"))
        #expect(LinkTarget.of("./img/My%20Diagram.png", from: from) == .repository(path: "docs/guides/img/My Diagram.png", fragment: nil))
        #expect(LinkTarget.of("b.md", from: "README.md") == .repository(path: "b.md", fragment: nil))
        #expect(LinkTarget.of("..", from: "docs/a.md") == .repository(path: "", fragment: nil))
        #expect(LinkTarget.of("../../../outside.md", from: from) == .outside)
        #expect(LinkTarget.of("#setup", from: from) == .sameDocument(fragment: "setup"))
        for external in ["https://example.com/x.md", "HTTP://example.com", "//cdn.example.com/x.png", "mailto:ops@example.com",
                         "Tel:+4930", "vscode://file/x", "?tab=2", ""] {
            #expect(LinkTarget.of(external, from: from) == .external, "\(external)")
        }
        #expect(LinkTarget.of("data:image/png;base64,AA", from: from, isImage: true) == .external)
        #expect(LinkTarget.of("data:image/png;base64,AA", from: from) == .unsafe(scheme: "data"))
        #expect(LinkTarget.of("javascript:alert(1)", from: from) == .unsafe(scheme: "javascript"))
        // A colon after a slash is part of a path, not a scheme.
        #expect(LinkTarget.of("notes/12:30.md", from: from) == .repository(path: "docs/guides/notes/12:30.md", fragment: nil))
    }

    @Test func documentLinksLeadToPagesSourcesAndServices() throws {
        let repository = Repository(
            documents: [
                Document(path: "docs/guides/a.md", kind: .guide, title: "A", body: ""),
                Document(path: "docs/runbooks/b.md", kind: .runbook, title: "B", body: ""),
            ],
            files: ["docs/guides/a.md", "docs/runbooks/b.md", "k3s/app/deployment.yaml", "docs/guides/img/x.png"].map {
                SourceFile(path: $0, role: .other, size: 1, publishableText: $0.hasSuffix(".yaml") ? "kind: Deployment" : nil)
            })
        let analysis = Analyzer.analyze(repository)
        let site = SiteBuilder(repository: repository, analysis: analysis, diagnostics: [], templates: try TemplateRenderer())
        let page = "guides/a/index.html"
        func link(_ url: String, image: Bool = false) -> String? { site.docsLink(url, isImage: image, from: "docs/guides/a.md", page: page) }
        // `runbooks` is a site section of its own, so docs/runbooks/ lives under docs/.
        #expect(link("../runbooks/b.md#step") == "../../docs/runbooks/b/index.html#step")
        #expect(link("../../k3s/app/deployment.yaml#L2") == "../../source/k3s/app/deployment.yaml.html#L2")
        #expect(link("../missing.md") == nil)
        #expect(link("../../../outside.md") == nil)
        #expect(link("https://example.com/x.md") == nil)
        #expect(link("#top") == nil)
        #expect(link("img/x.png", image: true) == nil)   // not an image the scan loaded: left as written
    }

    @Test func sourceViewsNumberEveryLineAndEscapeIt() {
        let html = SiteBuilder.sourceLinesHTML("a: <b>\r\nc: 'd' & \"e\"\n\n")
        let lines = html.components(separatedBy: "</span>").dropLast()
        #expect(lines.count == 3)   // the final newline ends line 3, it does not open a fourth
        #expect(lines[0] == "<span class=\"line\" id=\"L1\"><a class=\"ln\" href=\"#L1\" aria-label=\"line 1\">1</a>a: &lt;b&gt;\r\n")
        #expect(lines[1].hasSuffix(">2</a>c: &#39;d&#39; &amp; &quot;e&quot;\n"))   // a CRLF line ends at its LF
        #expect(lines[2].hasSuffix(">3</a>\n"))
        #expect(!html.contains("</span>\n"))   // nothing between the lines' blocks
        #expect(SiteBuilder.sourceLinesHTML("").isEmpty)
        #expect(SiteBuilder.sourceLinesHTML("x").hasSuffix(">1</a>x\n</span>"))
    }

    @Test func forgeLinksFollowTheForgeStyle() {
        #expect(SiteURLs.forge(repoURL: "https://git.example.com/ops/lab", branch: "main", path: "a.yaml", line: 3)
                == "https://git.example.com/ops/lab/src/branch/main/a.yaml#L3")
        #expect(SiteURLs.forge(repoURL: "https://github.com/o/r", branch: "main", path: "a.yaml")
                == "https://github.com/o/r/blob/main/a.yaml")
    }
}

@Suite struct ServiceDiscoveryTests {
    @Test func taxonomyStripsTheManifestRootAndTiersFollowIt() {
        let folders = ["k3s/apps/media/sonarr", "k3s/core/traefik", "k3s/platform/databases/redis", "bootstrap/argocd"]
        let root = ServiceDiscovery.manifestRoot(of: folders)
        #expect(root == "k3s")
        #expect(ServiceDiscovery.taxonomy(of: "k3s/apps/media/sonarr", manifestRoot: root) == ["apps", "media"])
        #expect(ServiceDiscovery.taxonomy(of: "bootstrap/argocd", manifestRoot: root) == ["bootstrap"])
        #expect(ServiceDiscovery.tier(taxonomy: ["core"], labels: []) == .core)
        #expect(ServiceDiscovery.tier(taxonomy: ["platform", "databases"], labels: []) == .platform)
        #expect(ServiceDiscovery.tier(taxonomy: ["apps", "media"], labels: [KeyValue("almanac.dev/tier", "platform")]) == .platform)
    }

    @Test func scannerBuildsServicesWithNamespacesFromKustomizations() throws {
        let repo = try FixtureRepo("""
        -- k3s/apps/media/kustomization.yaml --
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: media
        resources: [sonarr]
        -- k3s/apps/media/sonarr/deployment.yaml --
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: sonarr}
        spec:
          template:
            spec:
              containers: [{name: sonarr, image: "lscr.io/linuxserver/sonarr:4.0.11"}]
        -- k3s/apps/media/sonarr/config/extra.yaml --
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: sonarr-extra}
        data: {URL: "http://prowlarr:9696"}
        -- k3s/core/argo/kustomization.yaml --
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: argocd
        resources: ["https://raw.githubusercontent.com/argoproj/argo-cd/v2.13.2/manifests/install.yaml"]
        -- k3s/shared/policy.yaml --
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: media}
        spec: {podSelector: {}, policyTypes: [Ingress]}
        """)
        defer { repo.remove() }
        let output = try RepositoryScanner(root: repo.root).scan()
        let services = output.repository.services
        #expect(services.map(\.id) == ["k3s/apps/media/sonarr", "k3s/core/argo"])
        #expect(services.map(\.namespace) == ["media", "argocd"])
        #expect(services.map(\.taxonomy) == [["apps", "media"], ["core"]])
        #expect(output.repository.configMaps.first?.serviceID == "k3s/apps/media/sonarr")
        #expect(output.repository.configMaps.first?.ref.namespace == "media")
        #expect(output.repository.networkPolicies.first?.serviceID == nil)
        #expect(output.repository.networkPolicies.first?.isDefaultDeny == true)
        #expect(output.diagnostics.isEmpty)
    }

    @Test func hrefsEncodeWhatABrowserWouldReadOtherwise() {
        #expect(SiteURLs.relative(from: "a/index.html", to: "services/web/index.html") == "../services/web/index.html")
        #expect(SiteURLs.relative(from: "index.html", to: "services/x\" onmouseover=\"a/index.html")
                == "services/x%22%20onmouseover=%22a/index.html")
        #expect(SiteURLs.relative(from: "index.html", to: "source/a b?c%d<e>.yaml.html") == "source/a%20b%3Fc%25d%3Ce%3E.yaml.html")
        #expect(SiteURLs.relative(from: "index.html", to: "https://example.com/a b") == "https://example.com/a b")
    }
}
