import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// Pulumi stack configs and Kustomize overlays, and the environments page built from them.
@Suite struct EnvironmentTests {
    @Test func pulumiStackIsFlattenedAndSecureValuesWithheld() {
        let text = """
        encryptionsalt: v1:abc
        config:
          proxmoxve:endpoint: https://pve01:8006/
          proxmoxve:apiToken:
            secure: v1:CIPHERTEXT
          homelab:dbPassword: hunter22
          homelab:network:
            gateway: 10.10.0.1
            dns: [10.10.0.53, 1.1.1.1]
            vlans:
              iot: { id: 20, cidr: 10.10.20.0/24 }
          homelab:tunnel: ""
        """
        let (scan, shown, _) = published("pulumi/Pulumi.production.yaml", text)
        let environment = try! #require(EnvironmentReader.read(path: "pulumi/Pulumi.production.yaml", documents: scan.documents))
        #expect(environment.group == "pulumi")
        #expect(environment.environment == "production")
        #expect(environment.entries.map(\.key) == [
            "proxmoxve:endpoint", "proxmoxve:apiToken", "homelab:dbPassword", "homelab:network.gateway",
            "homelab:network.dns[0]", "homelab:network.dns[1]", "homelab:network.vlans.iot.id",
            "homelab:network.vlans.iot.cidr", "homelab:tunnel",
        ])
        #expect(environment.entries[1].value == .secret)
        #expect(environment.entries[1].location == SourceLocation(path: "pulumi/Pulumi.production.yaml", line: 4, column: 3))
        #expect(environment.entries[2].value == .secret)
        #expect(environment.entries[6].value == .plain("20"))
        #expect(environment.entries[8].value == .plain(""))
        #expect(!shown.contains("CIPHERTEXT"))
        #expect(!shown.contains("hunter22"))
        #expect(shown.contains("gateway: 10.10.0.1"))
    }

    @Test func onlyStackFilesAreStacks() {
        #expect(PulumiStackReader.stackName(of: "pulumi/Pulumi.staging.yaml") == "staging")
        #expect(PulumiStackReader.stackName(of: "Pulumi.dev.yml") == "dev")
        #expect(PulumiStackReader.stackName(of: "pulumi/Pulumi.yaml") == nil)
        #expect(PulumiStackReader.stackName(of: "pulumi/values.yaml") == nil)
    }

    @Test func kustomizeOverlaysAreReadPerEnvironment() throws {
        let text = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: web-staging
        resources:
          - ../../base
        images:
          - name: example/app
            newTag: "1.2.0"
        replicas:
          - name: app
            count: 1
        patches:
          - path: resources.yaml
            target: {kind: Deployment, name: app}
        configMapGenerator:
          - name: app-env
            literals: [LOG_LEVEL=debug, API_TOKEN=abc123secret]
        secretGenerator:
          - name: app-secret
            literals: [password=hunter22]
        """
        let path = "apps/app/overlays/staging/kustomization.yaml"
        let (scan, shown, _) = published(path, text)
        let config = try #require(EnvironmentReader.read(path: path, documents: scan.documents))
        #expect(config.group == "apps/app")
        #expect(config.environment == "staging")
        #expect(config.entries.map(\.key) == [
            "namespace", "resources[../../base]", "images[example/app]", "replicas[app]", "patches[0]",
            "configMapGenerator[app-env].LOG_LEVEL", "configMapGenerator[app-env].API_TOKEN", "secretGenerator[app-secret].password",
        ])
        #expect(config.entries.map(\.value) == [
            .plain("web-staging"), .plain("included"), .plain(":1.2.0"), .plain("1"), .plain("resources.yaml → Deployment/app"),
            .plain("debug"), .secret, .secret,
        ])
        #expect(!shown.contains("abc123secret"))
        #expect(!shown.contains("hunter22"))
        // A plain kustomization is not an overlay.
        let plain = published("apps/app/kustomization.yaml", "resources: [deployment.yaml]\n").scan
        #expect(EnvironmentReader.read(path: "apps/app/kustomization.yaml", documents: plain.documents) == nil)
    }

    @Test func environmentsPageShowsStacksAndOverlaysSideBySideAndNeverASecret() throws {
        let canary = "CANARY-\(UUID().uuidString)"
        let plainCanary = "PLAIN-\(UUID().uuidString)"
        let repo = try FixtureRepo("""
        -- pulumi/Pulumi.yaml --
        name: lab
        runtime: python
        -- pulumi/Pulumi.production.yaml --
        config:
          lab:domain: lab.example.com
          lab:apiToken:
            secure: v1:\(canary)
          lab:replicas: {web: 2}
        -- pulumi/Pulumi.staging.yaml --
        config:
          lab:domain: staging.lab.example.com
          lab:apiToken:
            secure: v1:\(canary)-2
          lab:adminPassword: \(plainCanary)
          lab:replicas: {web: 2}
        -- apps/web/base/kustomization.yaml --
        resources: [deployment.yaml]
        -- apps/web/base/deployment.yaml --
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, labels: {app.kubernetes.io/name: web}}
        spec:
          template:
            spec:
              containers: [{name: web, image: example/web:1.0}]
        -- apps/web/overlays/production/kustomization.yaml --
        resources: [../../base]
        images: [{name: example/web, newTag: "1.0"}]
        -- apps/web/overlays/staging/kustomization.yaml --
        resources: [../../base]
        images: [{name: example/web, newTag: "1.1-rc"}]
        """)
        defer { repo.remove() }
        let out = temporaryDirectory("environments")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = runCLI(["build", repo.path, "--out", out.path, "--quiet"])
        #expect(result.code == 0, "\(result.stderr)")
        let built = files(under: out)
        for (path, data) in built {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains(canary), "secure value in \(path)")
            #expect(!text.contains(plainCanary), "secret-looking value in \(path)")
        }
        let page = String(decoding: try #require(built["environments/index.html"]), as: UTF8.self)
        #expect(page.contains("Pulumi stacks in pulumi/"))
        #expect(page.contains("Kustomize overlays of apps/web/"))
        // Staging comes before production; the domain differs, replicas do not.
        let staging = try #require(page.range(of: ">staging</a>"))
        let production = try #require(page.range(of: ">production</a>"))
        #expect(staging.lowerBound < production.lowerBound)
        #expect(page.contains("<tr class=\"differs\">\n        <th scope=\"row\"><code><span class=\"key-prefix\">lab:</span>domain</code>"))
        #expect(page.contains("<tr class=\"\">\n        <th scope=\"row\"><code><span class=\"key-prefix\">lab:</span>replicas.web</code>"))
        #expect(page.contains("<tr class=\"differs\">\n        <th scope=\"row\"><code>images[example/web]</code>"))
        #expect(page.contains("•••• secret"))
        let nav = String(decoding: try #require(built["index.html"]), as: UTF8.self)
        #expect(nav.contains("environments/index.html\">Environments</a>"))
    }
}
