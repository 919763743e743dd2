@testable import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

@Suite struct YAMLDocumentSplitterTests {
    @Test func splitsOnSeparatorsAndKeepsFirstLines() {
        let text = "a: 1\n---\nb: 2\nc: 3\n--- # comment\n\n---\nd: 4\n"
        let chunks = YAMLDocumentSplitter.split(text)
        #expect(chunks.map(\.firstLine) == [1, 3, 8])
        #expect(chunks.map(\.text) == ["a: 1", "b: 2\nc: 3", "d: 4\n"])
    }

    @Test func dropsCommentOnlyAndEmptyDocuments() {
        let chunks = YAMLDocumentSplitter.split("---\n# only a comment\n---\n\n---\nkind: X\n")
        #expect(chunks.count == 1)
        #expect(chunks.first?.firstLine == 6)
    }

    @Test func separatorWithContentStartsNextDocument() {
        let chunks = YAMLDocumentSplitter.split("--- a: 1\n--- b: 2\n")
        #expect(chunks.count == 2)
        #expect(chunks.map(\.firstLine) == [1, 2])
    }
}

@Suite struct ManifestFileScannerTests {
    @Test func badDocumentYieldsDiagnosticWithLineAndOthersStillCount() {
        let text = """
        apiVersion: v1
        kind: Service
        metadata:
          name: first
        spec:
          ports: [{port: 80}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: broken
        data: {a: [1, 2}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: third
        """
        let result = ManifestFileScanner.scan(path: "x/svc.yaml", text: text)
        let names = result.facts.compactMap { fact -> String? in if case .kubeService(let s) = fact { s.ref.name } else { nil } }
        #expect(names == ["first", "third"])
        #expect(result.diagnostics.count == 1)
        let diagnostic = result.diagnostics[0]
        #expect(diagnostic.id == "yaml.syntax")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location?.path == "x/svc.yaml")
        #expect(diagnostic.location?.line == 12)
    }

    @Test func mergeKeysAndAnchorsAreApplied() throws {
        let text = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app
          labels: &labels
            app.kubernetes.io/name: app
        spec:
          template:
            metadata:
              labels: *labels
            spec:
              containers:
                - &base
                  name: app
                  image: ghcr.io/example/app:1.2.3
                  resources:
                    limits: {memory: 256Mi}
                - <<: *base
                  name: sidecar
                  image: busybox:1.36
        """
        let result = ManifestFileScanner.scan(path: "a/deploy.yaml", text: text)
        guard case .workload(let workload) = try #require(result.facts.first) else {
            Issue.record("expected a workload"); return
        }
        #expect(workload.podLabels == [KeyValue("app.kubernetes.io/name", "app")])
        #expect(workload.containers.map(\.name) == ["app", "sidecar"])
        #expect(workload.containers[1].image == "busybox:1.36")
        #expect(workload.containers[1].resources.limits == [KeyValue("memory", "256Mi")])
        #expect(workload.containers[1].role == .sidecar)
        #expect(workload.containers[1].location.line == 18)
    }

    @Test func secretValuesNeverEnterTheModel() throws {
        let canary = "CANARY-\(UUID().uuidString)"
        let text = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: creds
        stringData:
          password: \(canary)
          multi: |
            \(canary)
        data:
          token: \(Data(canary.utf8).base64EncodedString())
        """
        let (result, shown, _) = published("s/secret.yaml", text)
        guard case .secret(let secret) = try #require(result.facts.first) else { Issue.record("expected a secret"); return }
        #expect(secret.keys == ["multi", "password", "token"])
        #expect(secret.plaintext)
        #expect(result.diagnostics.map(\.id) == ["secrets.plaintext-secret"])
        let encoded = String(decoding: try JSONEncoder().encode(secret), as: UTF8.self)
        #expect(!encoded.contains(canary))
        #expect(!shown.contains(canary))
        #expect(!shown.contains(Data(canary.utf8).base64EncodedString()))
        #expect(shown.split(separator: "\n").count == text.split(separator: "\n").count)
    }

    @Test func secretLookingEnvValuesAreMasked() throws {
        let text = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app}
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: app:1
                  args: ["--db-password=hunter22", "--port=80"]
                  env:
                    - name: DB_PASSWORD
                      value: "s3cr3t-value"
                    - name: DB_PASSWORD_FILE
                      value: /run/secrets/db
                    - name: DB_HOST
                      value: postgresql.platform-databases.svc.cluster.local
                    - name: API_TOKEN
                      valueFrom: {secretKeyRef: {name: app-secrets, key: token}}
        """
        let (result, shown, _) = published("a/d.yaml", text)
        guard case .workload(let workload) = try #require(result.facts.first) else { Issue.record("workload"); return }
        let env = workload.containers[0].env
        #expect(env.map(\.value) == [
            .masked, .literal("/run/secrets/db"), .literal("postgresql.platform-databases.svc.cluster.local"),
            .secretKey(name: "app-secrets", key: "token"),
        ])
        #expect(workload.containers[0].commandLine == ["--db-password=••••", "--port=80"])
        #expect(result.diagnostics.map(\.id) == ["secrets.literal-env"])
        #expect(result.diagnostics.first?.location?.line == 13)
        #expect(!shown.contains("s3cr3t-value"))
        #expect(!shown.contains("hunter22"))
        #expect(shown.contains("postgresql.platform-databases"))
    }

    @Test func sopsFilesAreRecordedByNameOnly() {
        let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  token: ENC[AES256_GCM,data:abc,iv:x,tag:y,type:str]\nsops:\n  mac: ENC[AES256_GCM,data:z]\n"
        let result = ManifestFileScanner.scan(path: "k/token.sops.yaml", text: text)
        #expect(result.role == .sensitive)
        #expect(result.diagnostics.map(\.id) == ["scan.sops"])
        guard case .secret(let secret)? = result.facts.first else { Issue.record("expected a SOPS secret"); return }
        #expect(secret.source == .sops)
        #expect(secret.ref.name == "token.sops.yaml")
    }

    @Test func loadBalancerAddressesFromSpecAndAnnotations() throws {
        let text = """
        apiVersion: v1
        kind: Service
        metadata:
          name: dns
          annotations:
            metallb.universe.tf/loadBalancerIPs: 10.10.0.53, 10.10.0.54
            metallb.universe.tf/address-pool: default
        spec:
          type: LoadBalancer
          loadBalancerIP: 10.10.0.201
          ports:
            - {name: dns, port: 53, protocol: UDP}
        """
        let result = ManifestFileScanner.scan(path: "n/svc.yaml", text: text)
        guard case .kubeService(let service) = try #require(result.facts.first) else { Issue.record("service"); return }
        #expect(service.loadBalancerIPs.map(\.address) == ["10.10.0.201", "10.10.0.53", "10.10.0.54"])
        #expect(service.loadBalancerIPs.map(\.location.line) == [10, 6, 6])
        #expect(service.addressPool == "default")
        #expect(service.ports == [ServicePort(name: "dns", port: 53, protocol: "UDP",
                                              location: SourceLocation(path: "n/svc.yaml", line: 12, column: 7))])
    }

    @Test func traefikMatchRulesGiveHostsAndPaths() {
        #expect(ManifestDecoder.matcherArguments("Host(`a.example.com`) || Host(`b.example.com`) && PathPrefix(`/api`)",
                                                 names: ["Host", "HostSNI"]) == ["a.example.com", "b.example.com"])
        #expect(ManifestDecoder.matcherArguments("HostSNI(`*`)", names: ["Host"]) == [])
        #expect(ManifestDecoder.matcherArguments("Host(`x`) && PathPrefix(`/api`, `/v2`)", names: ["PathPrefix"]) == ["/api", "/v2"])
    }

    @Test func templatedFilesAreSkippedWithANoteNotAWarning() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n"
        let chart = ManifestFileScanner.scan(path: "chart/templates/svc.yaml", text: text, isChartTemplate: true)
        #expect(chart.diagnostics.map(\.id) == ["scan.skipped-template"])
        #expect(chart.role == .skipped)
        #expect(chart.note == "Helm chart template; the objects it renders are not in the repo")
        // Outside a chart the document parses (as flow mappings) but is still a template.
        let loose = ManifestFileScanner.scan(path: "apps/svc.yaml", text: text)
        #expect(loose.diagnostics == [Diagnostic(
            id: "scan.skipped-document", severity: .note, location: SourceLocation(path: "apps/svc.yaml", line: 1),
            message: "document is a Helm/Go template ({{ }} outside strings); skipped", note: "the other documents of the file are still read")])
        #expect(loose.role == .skipped)
        #expect(loose.facts.isEmpty)
    }

    @Test func prometheusTemplatesInRulesAreNotHelmTemplates() {
        let text = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: Down\n          expr: up == 0\n          annotations:\n            summary: \"{{ $labels.instance }} is down\"\n"
        let result = ManifestFileScanner.scan(path: "r.yaml", text: text)
        #expect(result.facts.contains { if case .alert(let a) = $0 { a.name == "Down" && a.summary == "{{ $labels.instance }} is down" } else { false } })
    }
}

@Suite struct ConfigLoaderTests {
    @Test func readsSettingsAndReportsUnknownKeys() {
        let text = "title: Lab\nbase_url: https://docs.example.com\ncolour: blue\nchecks:\n  layout.too-deep: error\n  labels.missing-recommended: loud\n"
        let (config, diagnostics) = ConfigLoader.load(text: text, displayPath: "almanac.yaml")
        #expect(config.title == "Lab")
        #expect(config.baseURL == "https://docs.example.com/")
        #expect(config.checkSeverities == ["layout.too-deep": .error])
        #expect(diagnostics.map(\.id) == ["config.unknown-key", "config.invalid"])
        #expect(diagnostics.map { $0.location?.line } == [3, 6])
    }
}

@Suite struct SecretHeuristicsTests {
    @Test(arguments: ["DB_PASSWORD", "dbPassword", "GITEA__security__SECRET_KEY", "API_TOKEN", "SMTP_PASS", "SENTRY_DSN", "AWS_SECRET_ACCESS_KEY"])
    func secretNames(_ name: String) { #expect(SecretHeuristics.looksSecret(name: name)) }

    @Test(arguments: ["DB_HOST", "PASSWORD_FILE", "METALLB_ML_SECRET_NAME", "TOKEN_PATH", "AWS_ACCESS_KEY_ID", "PORT", "TZ"])
    func ordinaryNames(_ name: String) { #expect(!SecretHeuristics.looksSecret(name: name)) }
}
