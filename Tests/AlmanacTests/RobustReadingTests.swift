@testable import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// What the scanner reads, skips and says it skipped: Prometheus and Alertmanager templates are
/// data, chart templates are skipped whole, a Helm template document is skipped alone.
@Suite struct RobustReadingTests {
    static func alertNames(_ result: ManifestFileScanner.Result) -> [String] {
        result.facts.compactMap { if case .alert(let alert) = $0 { alert.name } else { nil } }
    }

    @Test func prometheusRuleWithGoTemplateTrimmingIsRead() throws {
        let text = """
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata: {name: cluster-rules, namespace: monitoring}
        spec:
          groups:
            - name: cluster
              rules:
                - alert: NodeDown
                  expr: up{job="node"} == 0
                  annotations:
                    description: '{{ with $labels.cluster -}} on {{ . }} {{- end }}'
                - alert: DiskFull
                  expr: node_filesystem_avail_bytes == 0
                  annotations:
                    summary: >-
                      {{- range $labels }}{{ . }} {{ end -}}
                    description: "{{ $labels.instance }} is full"
                - alert: Restarting
                  expr: increase(kube_pod_container_status_restarts_total[1h]) > 3
        """
        let result = ManifestFileScanner.scan(path: "monitoring/rules.yaml", text: text)
        #expect(result.diagnostics == [])
        #expect(result.role == .manifest)
        #expect(Self.alertNames(result) == ["NodeDown", "DiskFull", "Restarting"])
        let alerts = result.facts.compactMap { if case .alert(let alert) = $0 { alert } else { nil } }
        #expect(alerts.map(\.description) == ["{{ with $labels.cluster -}} on {{ . }} {{- end }}", "{{ $labels.instance }} is full", nil])
        #expect(alerts[1].summary == "{{- range $labels }}{{ . }} {{ end -}}")
    }

    @Test func alertmanagerConfigTemplatesAreData() {
        let text = """
        global:
          resolve_timeout: 5m
        route:
          receiver: ntfy
        receivers:
          - name: ntfy
            webhook_configs:
              - url: http://ntfy/alerts
                message: |
                  {{- range .Alerts }}
                  {{ .Annotations.summary }}
                  {{- end }}
        templates:
          - '/etc/alertmanager/*.tmpl'
        """
        let result = ManifestFileScanner.scan(path: "monitoring/alertmanager.yaml", text: text)
        #expect(result.diagnostics == [])
        #expect(result.role == .config)
        #expect(result.note == nil)
    }

    @Test func aHelmDocumentIsSkippedAloneWithANote() {
        let text = """
        apiVersion: v1
        kind: Service
        metadata: {name: first, namespace: web}
        spec:
          ports: [{port: 80}]
        ---
        {{- if .Values.enabled }}
        apiVersion: v1
        kind: Service
        metadata:
          name: {{ include "app.fullname" . }}
        {{- end }}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: third, namespace: web}
        """
        let result = ManifestFileScanner.scan(path: "web/services.yaml", text: text)
        let names = result.facts.compactMap { fact -> String? in if case .kubeService(let s) = fact { s.ref.name } else { nil } }
        #expect(names == ["first", "third"])
        #expect(result.diagnostics == [Diagnostic(
            id: "scan.skipped-document", severity: .note, location: SourceLocation(path: "web/services.yaml", line: 7),
            message: "document is a Helm/Go template, not YAML; skipped", note: "the other documents of the file are still read")])
        #expect(result.role == .manifest)
        #expect(result.note == "1 Helm/Go template document skipped")
    }

    @Test func brokenYAMLWithoutHelmIsStillAnError() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\ndata: {a: [1, 2}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
        let result = ManifestFileScanner.scan(path: "x/cm.yaml", text: text)
        #expect(result.diagnostics.map(\.id) == ["yaml.syntax"])
        #expect(result.diagnostics.map(\.severity) == [.error])
        #expect(result.diagnostics.map { $0.location?.line } == [5])
        let names = result.facts.compactMap { fact -> String? in if case .configMap(let c) = fact { c.ref.name } else { nil } }
        #expect(names == ["a", "c"])
    }

    @Test func quotedHelmExpressionsOutsideChartsAreRead() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hosts}\ndata:\n  host: \"{{ .Release.Name }}.example.com\"\n"
        let result = ManifestFileScanner.scan(path: "apps/hosts.yaml", text: text)
        #expect(result.diagnostics == [])
        guard case .configMap(let map)? = result.facts.first else { Issue.record("expected a ConfigMap"); return }
        #expect(map.entries.map(\.value) == ["{{ .Release.Name }}.example.com"])
    }

    @Test func chartTemplatesAreSkippedWithANoteAndTheRestIsRead() throws {
        let repo = try FixtureRepo("""
        -- helm/echo/Chart.yaml --
        apiVersion: v2
        name: echo
        version: 1.0.0
        -- helm/echo/values.yaml --
        alertmanager:
          message: '{{ range .Alerts }}{{ .Labels.alertname }}{{ end }}'
        -- helm/echo/templates/service.yaml --
        apiVersion: v1
        kind: Service
        metadata:
          name: "{{ .Release.Name }}"
        spec:
          ports: [{port: 80}]
        -- helm/echo/templates/sub/configmap.yaml --
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "{{ .Release.Name }}-config"}
        -- apps/web/templates/service.yaml --
        apiVersion: v1
        kind: Service
        metadata: {name: not-a-chart, namespace: web}
        spec:
          ports: [{port: 80}]
        """)
        defer { repo.remove() }
        let output = try RepositoryScanner(root: repo.root).scan()
        let notes = output.diagnostics.filter { $0.id.hasPrefix("scan.") }
        let message = "Helm chart template (in a chart's templates/ folder); not read, the objects it renders are not in the repo"
        #expect(notes == [
            Diagnostic(id: "scan.skipped-template", severity: .note, location: SourceLocation(path: "helm/echo/templates/service.yaml"), message: message),
            Diagnostic(id: "scan.skipped-template", severity: .note, location: SourceLocation(path: "helm/echo/templates/sub/configmap.yaml"), message: message),
        ])
        #expect(output.repository.kubeServices.map(\.ref.name) == ["not-a-chart"])
        let roles = Dictionary(uniqueKeysWithValues: output.repository.files.map { ($0.path, $0.role) })
        #expect(roles["helm/echo/templates/service.yaml"] == .skipped)
        #expect(roles["helm/echo/values.yaml"] == .config)
        #expect(roles["apps/web/templates/service.yaml"] == .manifest)
    }

    @Test func chartTemplatePathsNeedAChartBesideTheTemplatesFolder() {
        let charts: Set<String> = ["helm/echo", ""]
        #expect(RepositoryScanner.isChartTemplate("helm/echo/templates/a.yaml", charts: charts))
        #expect(RepositoryScanner.isChartTemplate("helm/echo/templates/x/a.yaml", charts: charts))
        #expect(RepositoryScanner.isChartTemplate("templates/a.yaml", charts: charts))
        #expect(!RepositoryScanner.isChartTemplate("helm/echo/values.yaml", charts: charts))
        #expect(!RepositoryScanner.isChartTemplate("helm/other/templates/a.yaml", charts: charts))
        #expect(!RepositoryScanner.isChartTemplate("helm/echo/templates", charts: charts))
        #expect(!RepositoryScanner.isChartTemplate("helm/echo/templates/a.yaml", charts: []))
    }

    @Test func sopsFilesLeaveANote() {
        let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  token: ENC[AES256_GCM,data:abc,iv:x,tag:y,type:str]\nsops:\n  mac: ENC[AES256_GCM,data:z]\n"
        let result = ManifestFileScanner.scan(path: "k/token.sops.yaml", text: text)
        #expect(result.diagnostics == [Diagnostic(
            id: "scan.sops", severity: .note, location: SourceLocation(path: "k/token.sops.yaml"),
            message: "SOPS-encrypted file: recorded by name and top-level keys only, its values are not read")])
    }

    /// An alias takes the nearest preceding definition of its anchor, not the last one in the file.
    @Test func redefinedAnchorsResolveToTheNearestPrecedingDefinition() {
        let text = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: anchors}
        data:
          a: &v one
          b: *v
          c: &v two
          d: *v
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: &v later}
        data:
          e: *v
        """
        let result = ManifestFileScanner.scan(path: "x/anchors.yaml", text: text)
        #expect(result.diagnostics == [])
        let maps = result.facts.compactMap { fact -> ConfigMapInfo? in if case .configMap(let c) = fact { c } else { nil } }
        #expect(maps.map { $0.entries.map { "\($0.key)=\($0.value ?? "")" } } == [["a=one", "b=one", "c=two", "d=two"], ["e=later"]])
    }

    @Test func redefinedMergeAnchorsMergeTheNearestDefinition() {
        let text = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: merged}
        x: &d {k: first}
        y: &d {k: second}
        data:
          <<: *d
        """
        let result = ManifestFileScanner.scan(path: "x/merge.yaml", text: text)
        guard case .configMap(let map)? = result.facts.first else { Issue.record("expected a ConfigMap"); return }
        #expect(map.entries.map(\.value) == ["second"])
    }

    /// A 5 MB values file: reading must stay linear. The bound is loose for debug builds; a
    /// release build reads it in a fraction of a second.
    @Test func aLargeValuesFileReadsQuickly() {
        var lines = ["global:", "  domain: example.com", "apps:"]
        var index = 0
        var size = 0
        while size < 5_000_000 {
            let block = ["  app\(index):", "    image: {repository: ghcr.io/example/app\(index), tag: 1.2.\(index)}",
                         "    env: {LOG_LEVEL: info, TZ: Europe/Berlin}", "    ports: [8080, 9090]",
                         "    description: |", "      --- not a separator", "      {{ .Values.kept }} as text"]
            size += block.reduce(0) { $0 + $1.utf8.count + 1 }
            lines += block
            index += 1
        }
        let text = lines.joined(separator: "\n")
        let clock = ContinuousClock()
        var result = ManifestFileScanner.Result()
        let elapsed = clock.measure { result = ManifestFileScanner.scan(path: "apps/values.yaml", text: text) }
        #expect(result.diagnostics == [])
        #expect(result.role == .config)
        #expect(YAMLDocumentSplitter.split(text).count == 1)
        #expect(elapsed < .seconds(20), "took \(elapsed)")
        print("5 MB values file (\(index) apps) scanned in \(elapsed)")
    }
}

@Suite struct YAMLDocumentMarkerTests {
    @Test func indentedMarkersInBlockScalarsAreContent() {
        let text = "kind: ConfigMap\ndata:\n  embedded.yaml: |\n    a: 1\n    ---\n    b: 2\n    ...\n  other: x\n"
        let chunks = YAMLDocumentSplitter.split(text)
        #expect(chunks == [YAMLDocumentSplitter.Chunk(firstLine: 1, text: text)])
    }

    /// YAML forbids `---` at column 0 inside any scalar: there it ends the document, block scalar or not.
    @Test func aMarkerAtColumnZeroEndsABlockScalar() {
        let chunks = YAMLDocumentSplitter.split("a: |\n  text\n---\nb: 2\n")
        #expect(chunks.map(\.firstLine) == [1, 4])
        #expect(chunks.map(\.text) == ["a: |\n  text", "b: 2\n"])
    }

    @Test func documentEndMarkersEndDocuments() {
        let chunks = YAMLDocumentSplitter.split("a: 1\n...\n---\nb: 2\n...\n# trailing comment\n")
        #expect(chunks.map(\.firstLine) == [1, 4])
        #expect(chunks.map(\.text) == ["a: 1", "b: 2"])
    }

    @Test func markerLikeTextIsNotAMarker() {
        let chunks = YAMLDocumentSplitter.split("a: 1\n----\n---x\n...more\n")
        #expect(chunks.count == 1)
    }
}
