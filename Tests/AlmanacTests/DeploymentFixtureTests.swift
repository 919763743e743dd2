@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// One fixture repo per GitOps pattern: the catalog must list what the roots deploy, named and
/// namespaced as the tool would, with facts from Helm values marked as such.
@Suite struct DeploymentFixtureTests {
    func scan(_ text: String) throws -> (Repository, [Diagnostic]) { try scanFixture(text) }

    static let fluxAppTemplate = """
    -- clusters/home/flux-system/gotk-sync.yaml --
    apiVersion: source.toolkit.fluxcd.io/v1
    kind: GitRepository
    metadata:
      name: flux-system
      namespace: flux-system
    spec:
      url: ssh://git@example.com/home-ops
    ---
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: flux-system
      namespace: flux-system
    spec:
      path: ./kubernetes/apps
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- kubernetes/apps/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - cluster-settings.yaml
      - media
    -- kubernetes/apps/media/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - sonarr/ks.yaml
    -- kubernetes/apps/cluster-settings.yaml --
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: cluster-settings
      namespace: flux-system
    data:
      DOMAIN: lab.example.com
    -- kubernetes/apps/media/sonarr/ks.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: sonarr
      namespace: flux-system
    spec:
      path: ./kubernetes/apps/media/sonarr/app
      targetNamespace: media
      sourceRef:
        kind: GitRepository
        name: flux-system
      postBuild:
        substitute:
          APP: sonarr
        substituteFrom:
          - kind: ConfigMap
            name: cluster-settings
    -- kubernetes/apps/media/sonarr/app/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ./ocirepository.yaml
      - ./helmrelease.yaml
    -- kubernetes/apps/media/sonarr/app/ocirepository.yaml --
    apiVersion: source.toolkit.fluxcd.io/v1
    kind: OCIRepository
    metadata:
      name: sonarr
    spec:
      url: oci://ghcr.io/bjw-s-labs/helm/app-template
      ref:
        tag: 4.1.1
    -- kubernetes/apps/media/sonarr/app/helmrelease.yaml --
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: ${APP}
    spec:
      chartRef:
        kind: OCIRepository
        name: sonarr
      values:
        controllers:
          sonarr:
            containers:
              app:
                image:
                  repository: ghcr.io/home-operations/sonarr
                  tag: 4.0.14
        service:
          app:
            type: LoadBalancer
            annotations:
              lbipam.cilium.io/ips: 10.0.0.40
            ports:
              http:
                port: 8989
        route:
          app:
            hostnames: ["{{ .Release.Name }}.${DOMAIN}", "tv.${SECRET_DOMAIN}"]
            parentRefs:
              - name: internal
                namespace: network
        persistence:
          config:
            size: 5Gi
    -- kubernetes/apps/media/stale/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: stale
    spec:
      template:
        spec:
          containers:
            - name: stale
              image: nginx:1
    """

    @Test func fluxAppTemplateReleaseIsOneServiceNamedAndNamespacedLikeFlux() throws {
        let (repository, diagnostics) = try scan(Self.fluxAppTemplate)
        let services = repository.services.map { "\($0.name)@\($0.namespace ?? "-")" }
        #expect(services == ["sonarr@media"])
        let sonarr = try #require(repository.services.first)
        #expect(sonarr.id == "kubernetes/apps/media/sonarr")
        #expect(sonarr.deployedBy?.kind == "HelmRelease")
        #expect(sonarr.deployedBy?.location == SourceLocation(path: "kubernetes/apps/media/sonarr/app/helmrelease.yaml", line: 1, column: 1))
        #expect(sonarr.chart == "app-template")
        #expect(sonarr.cluster == "home")
        let workload = try #require(repository.workloads.first { $0.serviceID == sonarr.id })
        #expect(workload.containers.map(\.image) == ["ghcr.io/home-operations/sonarr:4.0.14"])
        #expect(workload.ref.origin == .values)
        #expect(workload.ref.namespace == "media")
        let hosts = repository.routes.filter { $0.serviceID == sonarr.id }.flatMap(\.hosts)
        // The release name and DOMAIN are in git; SECRET_DOMAIN is not, so it stays a variable.
        #expect(hosts == ["sonarr.lab.example.com", "tv.${SECRET_DOMAIN}"])
        let lb = repository.kubeServices.filter { $0.serviceID == sonarr.id }.flatMap(\.loadBalancerIPs).map(\.address)
        #expect(lb == ["10.0.0.40"])
        #expect(repository.volumes.filter { $0.serviceID == sonarr.id }.map(\.ref.name) == ["sonarr"])
        #expect(repository.deployment.undefinedVariables.map(\.name) == ["SECRET_DOMAIN"])
        // The stale folder is in git but no root reaches it: listed as not deployed, not a service.
        #expect(repository.deployment.notDeployed.map(\.name) == ["stale"])
        #expect(!diagnostics.contains { $0.id == "gitops.unknown-namespace" })
    }

    static let argoApplicationSet = """
    -- bootstrap/root.yaml --
    apiVersion: argoproj.io/v1alpha1
    kind: ApplicationSet
    metadata:
      name: apps
      namespace: argocd
    spec:
      goTemplate: true
      generators:
        - git:
            repoURL: https://git.example.com/lab.git
            revision: HEAD
            directories:
              - path: apps/*
              - path: apps/legacy
                exclude: true
      template:
        metadata:
          name: '{{.path.basename}}'
        spec:
          source:
            repoURL: https://git.example.com/lab.git
            path: '{{.path.path}}'
          destination:
            namespace: '{{.path.basename}}'
    -- apps/whoami/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - base/deployment.yaml
    -- apps/whoami/base/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: whoami
    spec:
      template:
        spec:
          containers:
            - name: whoami
              image: traefik/whoami:v1.10
    -- apps/grafana/Chart.yaml --
    apiVersion: v2
    name: grafana
    version: 1.0.0
    dependencies:
      - name: grafana
        alias: dash
        version: 8.0.0
        repository: https://grafana.github.io/helm-charts
    -- apps/grafana/values.yaml --
    dash:
      ingress:
        enabled: true
        hosts:
          - grafana.lab.example.com
    -- apps/legacy/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: legacy
    spec:
      template:
        spec:
          containers:
            - name: legacy
              image: legacy:1
    """

    @Test func applicationSetDirectoriesBecomeServicesWithUmbrellaChartValues() throws {
        let (repository, _) = try scan(Self.argoApplicationSet)
        #expect(repository.services.map(\.name).sorted() == ["grafana", "whoami"])
        let whoami = try #require(repository.services.first { $0.name == "whoami" })
        #expect(whoami.namespace == "whoami")
        #expect(whoami.deployedBy?.kind == "Application")
        let grafana = try #require(repository.services.first { $0.name == "grafana" })
        #expect(grafana.namespace == "grafana")
        #expect(repository.routes.filter { $0.serviceID == grafana.id }.flatMap(\.hosts) == ["grafana.lab.example.com"])
        #expect(repository.routes.filter { $0.serviceID == grafana.id }.allSatisfy { $0.ref.origin == .values })
        #expect(repository.deployment.notDeployed.map(\.name) == ["legacy"])
    }

    static let overlaysTwoClusters = """
    -- clusters/staging/apps.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: apps
      namespace: flux-system
    spec:
      path: ./apps/staging
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- clusters/production/apps.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: apps
      namespace: flux-system
    spec:
      path: ./apps/production
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- apps/base/podinfo/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    namespace: podinfo
    resources:
      - release.yaml
    -- apps/base/podinfo/release.yaml --
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: podinfo
    spec:
      chart:
        spec:
          chart: podinfo
          sourceRef:
            kind: HelmRepository
            name: podinfo
      values:
        ingress:
          enabled: true
          hosts:
            - host: podinfo.local
    -- apps/staging/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ../base/podinfo
    patches:
      - path: podinfo-values.yaml
        target:
          kind: HelmRelease
    -- apps/staging/podinfo-values.yaml --
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: podinfo
    spec:
      values:
        ingress:
          hosts:
            - host: podinfo.staging
    -- apps/production/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ../base/podinfo
    patches:
      - path: podinfo-values.yaml
        target:
          kind: HelmRelease
    -- apps/production/podinfo-values.yaml --
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: podinfo
    spec:
      values:
        ingress:
          hosts:
            - host: podinfo.production
    """

    @Test func baseAndOverlaysInTwoClustersAreTwoServicesNeverNamedBase() throws {
        let (repository, _) = try scan(Self.overlaysTwoClusters)
        let services = repository.services.map { "\($0.name)@\($0.cluster ?? "-")/\($0.namespace ?? "-")" }.sorted()
        #expect(services == ["podinfo@production/podinfo", "podinfo@staging/podinfo"])
        #expect(Set(repository.services.map(\.slug)) == ["podinfo-production", "podinfo-staging"])
        let hosts = repository.services.sorted { ($0.cluster ?? "") < ($1.cluster ?? "") }.map { service in
            repository.routes.filter { $0.serviceID == service.id }.flatMap(\.hosts)
        }
        #expect(hosts == [["podinfo.production"], ["podinfo.staging"]])
        #expect(repository.deployment.clusters.map(\.name).sorted() == ["production", "staging"])
    }

    @Test func clusterSelectionKeepsOneClusterAndRejectsUnknownNames() throws {
        let fixture = try FixtureRepo(Self.overlaysTwoClusters)
        defer { fixture.remove() }
        let staging = try RepositoryScanner(root: fixture.root, options: .init(gitHistory: false, clusters: ["staging"])).scan()
        #expect(staging.repository.services.map { "\($0.name)@\($0.cluster ?? "-")" } == ["podinfo@staging"])
        #expect(staging.repository.deployment.clusters.map(\.name) == ["staging"])
        let unknown = try RepositoryScanner(root: fixture.root, options: .init(gitHistory: false, clusters: ["prod"])).scan()
        #expect(unknown.diagnostics.filter { $0.id == "config.unknown-cluster" }.map(\.message)
                == ["cluster 'prod' is not in the repository (clusters: production, staging)"])
    }

    @Test func catalogJSONNamesTheDeployingObjectClusterAndOriginOfEachFact() throws {
        let fixture = try FixtureRepo(Self.fluxAppTemplate)
        defer { fixture.remove() }
        let out = temporaryDirectory("catalog")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = runCLI(["build", fixture.path, "--out", out.path, "--no-git-history", "--quiet"])
        #expect(result.code == 0, "\(result.stderr)")
        let data = try Data(contentsOf: out.appendingPathComponent("catalog.json"))
        let catalog = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let services = try #require(catalog["services"] as? [[String: Any]])
        let sonarr = try #require(services.first)
        #expect(sonarr["cluster"] as? String == "home")
        let deployer = try #require(sonarr["deployedBy"] as? [String: Any])
        #expect(deployer["kind"] as? String == "HelmRelease")
        #expect(deployer["source"] as? String == "kubernetes/apps/media/sonarr/app/helmrelease.yaml:1:1")
        #expect(sonarr["chart"] as? String == "app-template")
        let workloads = try #require(sonarr["workloads"] as? [[String: Any]])
        #expect(workloads.map { $0["origin"] as? String } == ["values"])
        #expect((workloads.first?["source"] as? String)?.hasPrefix("kubernetes/apps/media/sonarr/app/helmrelease.yaml:") == true)
        let routes = try #require(sonarr["routes"] as? [[String: Any]])
        #expect(routes.map { $0["hosts"] as? [String] } == [["sonarr.lab.example.com", "tv.${SECRET_DOMAIN}"]])
        let coverage = try #require(catalog["coverage"] as? [String: Any])
        let variables = try #require(coverage["undefinedVariables"] as? [[String: Any]])
        #expect(variables.map { $0["name"] as? String } == ["SECRET_DOMAIN"])
        #expect((coverage["notDeployed"] as? [String])?.count == 1)
        // The coverage page exists and the home page leads to it.
        let home = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(home.contains("href=\"coverage/index.html\""))
        let page = try String(contentsOf: out.appendingPathComponent("coverage/index.html"), encoding: .utf8)
        #expect(page.contains("${SECRET_DOMAIN}"))
        #expect(page.contains("Deployment/stale"))
        #expect(page.contains("<th scope=\"col\">Release</th>"))
        #expect(page.contains("1 cluster,"))
    }

    @Test(arguments: [
        ("kube-system", nil, "coredns", Tier.core), ("network", "cilium", "cilium", Tier.core),
        ("observability", "kube-prometheus-stack", "kube-prometheus-stack", Tier.platform),
        ("database", nil, "postgres", Tier.platform), ("media", "app-template", "sonarr", Tier.apps),
    ] as [(String, String?, String, Tier)])
    func tiersWithoutTierFoldersComeFromNamespaceAndChart(namespace: String, chart: String?, name: String, tier: Tier) {
        #expect(RepositoryScanner.tier(namespace: namespace, chart: chart, name: name) == tier)
    }

    @Test func theSamePoolAndAddressInTwoClustersDoNotClash() throws {
        var text = ""
        for cluster in ["home", "lab"] {
            text += """
            -- clusters/\(cluster)/apps.yaml --
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              namespace: flux-system
            spec:
              path: ./apps/\(cluster)
              sourceRef:
                kind: GitRepository
                name: flux-system
            -- apps/\(cluster)/kustomization.yaml --
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources: [pool.yaml, dns.yaml]
            -- apps/\(cluster)/pool.yaml --
            apiVersion: cilium.io/v2alpha1
            kind: CiliumLoadBalancerIPPool
            metadata:
              name: pool
            spec:
              blocks:
                - cidr: 10.0.0.0/24
            -- apps/\(cluster)/dns.yaml --
            apiVersion: v1
            kind: Service
            metadata:
              name: dns
              namespace: network
              annotations:
                lbipam.cilium.io/ips: 10.0.0.53
            spec:
              type: LoadBalancer
              ports:
                - port: 53

            """
        }
        let (repository, _) = try scan(text)
        let findings = Analyzer.analyze(repository).findings.map(\.id)
        #expect(!findings.contains("network.pool-overlap"))
        #expect(!findings.contains("network.lb-ip-duplicate"))
        #expect(Set(repository.kubeServices.compactMap(\.ref.cluster)) == ["home", "lab"])
        let pools = Analyzer.analyze(repository).network.pools
        #expect(pools.map(\.usedAddresses.count) == [1, 1])
    }

    @Test func secretLookingHelmValuesAreRedactedInSourceViews() {
        let text = """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: demo
        spec:
          values:
            image:
              repository: nginx
            env:
              DB_PASSWORD: hunter2
              DB_HOST: postgres
            extraEnv:
              - name: API_TOKEN
                value: abc123
            auth:
              existingSecretPassword: ${SECRET_REF}
        """
        let (_, shown, redactions) = published("apps/demo/helmrelease.yaml", text)
        #expect(redactions.map(\.line) == [10, 14])
        #expect(redactions.map(\.column) == [20, 16])
        #expect(shown.contains("DB_PASSWORD: ••••\n") && shown.contains("value: ••••\n"))
        #expect(shown.contains("existingSecretPassword: ${SECRET_REF}") && shown.contains("DB_HOST: postgres"))
        let values = published("charts/x/values.yaml", "admin:\n  password: s3cret\n  user: admin\n")
        #expect(values.text == "admin:\n  password: ••••\n  user: admin\n")
        #expect(values.redactions == [Redaction(line: 2, column: 13, reason: .secretKey, key: "password")])
    }

    @Test func aKustomizationThatIncludesItselfIsANoteNotAHang() throws {
        let (repository, diagnostics) = try scan("""
        -- clusters/home/apps.yaml --
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: apps
          namespace: flux-system
        spec:
          path: ./apps
        -- apps/kustomization.yaml --
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [web, .]
        -- apps/web/kustomization.yaml --
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources: [deployment.yaml, ..]
        -- apps/web/deployment.yaml --
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: nginx:1
        """)
        #expect(repository.services.map(\.name) == ["web"])
        #expect(diagnostics.contains { $0.id == "gitops.resource-cycle" })
    }
}
