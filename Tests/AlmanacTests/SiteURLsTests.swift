@testable import AlmanacModel
@testable import AlmanacScan
@testable import AlmanacSite
import Foundation
import Testing

@Suite struct SiteURLsTests {
    @Test func documentPagesMirrorTheDocsFolder() {
        #expect(SiteURLs.documentPagePath("docs/operations/runbooks/backup-restore.md") == "operations/runbooks/backup-restore/index.html")
        #expect(SiteURLs.documentPagePath("docs/README.md") == "docs/index.html")
        #expect(SiteURLs.documentPagePath("docs/architecture/decisions/README.md") == "architecture/decisions/index.html")
        #expect(SiteURLs.documentPagePath("docs/services/x.md") == "docs/services/x/index.html")
        #expect(SiteURLs.documentPagePath("bootstrap/argocd/README.md") == "repo/bootstrap/argocd/index.html")
    }

    @Test func relativeLinksClimbToTheRoot() {
        #expect(SiteURLs.relative(from: "index.html", to: "services/index.html") == "services/index.html")
        #expect(SiteURLs.relative(from: "services/a/index.html", to: "assets/x.css") == "../../assets/x.css")
    }

    @Test func markdownLinksResolveToPagesAndSources() {
        let repository = Repository(documents: [
            Document(path: "docs/guides/a.md", kind: .guide, title: "A", body: ""),
            Document(path: "docs/runbooks/b.md", kind: .runbook, title: "B", body: ""),
        ])
        let urls = SiteURLs(repository: repository, publishable: ["k3s/app/deployment.yaml"])
        // `runbooks` is a site section of its own, so docs/runbooks/ lives under docs/.
        #expect(urls.resolveLink("../runbooks/b.md#step", from: "docs/guides/a.md") == "docs/runbooks/b/index.html#step")
        #expect(urls.resolveLink("../../k3s/app/deployment.yaml", from: "docs/guides/a.md") == "source/k3s/app/deployment.yaml.html")
        #expect(urls.resolveLink("../missing.md", from: "docs/guides/a.md") == nil)
        #expect(urls.resolveLink("../../../outside.md", from: "docs/guides/a.md") == nil)
        #expect(urls.resolveLink("https://example.com/x.md", from: "docs/guides/a.md") == nil)
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
}
