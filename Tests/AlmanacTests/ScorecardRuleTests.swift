@testable import AlmanacAnalysis
import AlmanacModel
import AlmanacScan
import Foundation
import Testing

/// Each scorecard rule with inline fixtures: pass, fail, exempt and n/a.
@Suite struct ScorecardRuleTests {
    typealias F = ScorecardFixtures

    @Test func monitoringSelectsByServiceMonitorPodMonitorAndProbe() throws {
        let (_, result, diagnostics) = try F.analyze("""
        -- apps/a/deployment.yaml --
        \(F.workload("a"))
        -- apps/a/service.yaml --
        \(F.service("a"))
        -- apps/a/servicemonitor.yaml --
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: a, namespace: web}
        spec:
          selector: {matchLabels: {app.kubernetes.io/name: a}}
          endpoints: [{port: http}]
        -- apps/b/deployment.yaml --
        \(F.workload("b"))
        -- apps/b/podmonitor.yaml --
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: b, namespace: web}
        spec:
          selector: {matchLabels: {app.kubernetes.io/name: b}}
          podMetricsEndpoints: [{port: http}]
        -- apps/c/deployment.yaml --
        \(F.workload("c"))
        -- apps/c/service.yaml --
        \(F.service("c"))
        -- monitoring/probes.yaml --
        apiVersion: monitoring.coreos.com/v1
        kind: Probe
        metadata: {name: web-apps, namespace: web}
        spec:
          module: http_2xx
          targets:
            staticConfig:
              static: [http://c.web.svc:8080/health]
        -- apps/d/deployment.yaml --
        \(F.workload("d"))
        -- apps/e/cronjob.yaml --
        \(F.workload("e", kind: "CronJob", annotations: [#"almanac.dev/exempt-monitoring: "Nightly batch job, no endpoint""#], port: nil))
        -- apps/f/deployment.yaml --
        \(F.workload("f"))
        -- apps/f/service.yaml --
        \(F.service("f"))
        -- apps/f/servicemonitor.yaml --
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: f, namespace: web}
        spec:
          selector: {matchLabels: {app.kubernetes.io/name: f-old}}
          endpoints: [{port: http}]
        """)
        #expect(F.cell(result, "apps/a", .monitoring)?.status == .pass)
        #expect(F.cell(result, "apps/a", .monitoring)?.detail == "ServiceMonitor/a")
        #expect(F.cell(result, "apps/b", .monitoring)?.detail == "PodMonitor/b")
        #expect(F.cell(result, "apps/c", .monitoring)?.detail == "Probe/web-apps")
        #expect(F.cell(result, "apps/d", .monitoring)?.status == .fail)
        let exempt = try #require(F.cell(result, "apps/e", .monitoring))
        #expect(exempt.status == .exempt)
        #expect(exempt.exemption == Scorecard.Exemption(reason: "Nightly batch job, no endpoint", source: "annotation on CronJob/e",
                                                        location: SourceLocation(path: "apps/e/cronjob.yaml")))
        let wrong = try #require(F.cell(result, "apps/f", .monitoring))
        #expect(wrong.status == .fail)
        #expect(wrong.evidence.map(\.id) == ["monitoring.missing", "scorecard.monitoring"])
        #expect(wrong.evidence[1].message == "ServiceMonitor/f selects app.kubernetes.io/name=f-old, which matches none of this service's Services or pods")
        let missing = diagnostics.filter { $0.id == "monitoring.missing" }
        #expect(missing == [
            Diagnostic(id: "monitoring.missing", severity: .warning, location: SourceLocation(path: "apps/d/deployment.yaml"),
                       message: "service 'd' has no ServiceMonitor, PodMonitor or Probe that selects it",
                       note: #"add a ServiceMonitor for its metrics port or a blackbox Probe of its URL, or exempt it with almanac.dev/exempt-monitoring: "<reason>""#),
            Diagnostic(id: "monitoring.missing", severity: .warning, location: SourceLocation(path: "apps/f/deployment.yaml"),
                       message: "service 'f' has no ServiceMonitor, PodMonitor or Probe that selects it",
                       note: #"add a ServiceMonitor for its metrics port or a blackbox Probe of its URL, or exempt it with almanac.dev/exempt-monitoring: "<reason>""#),
        ])
        #expect(!diagnostics.contains { $0.id == "scorecard.monitoring" })
    }

    @Test func monitoringMatchesAMetricsServiceThroughTheScrapedPort() throws {
        let (_, result, _) = try F.analyze("""
        -- apps/a/deployment.yaml --
        \(F.workload("a"))
        -- apps/a/service.yaml --
        \(F.service("a-metrics", port: ("metrics", 9100)))
        -- apps/a/servicemonitor.yaml --
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: a, namespace: web}
        spec:
          selector: {matchLabels: {app.kubernetes.io/name: a, app.kubernetes.io/component: metrics}}
          endpoints: [{port: metrics}]
        -- apps/b/deployment.yaml --
        \(F.workload("b"))
        -- apps/b/servicemonitor.yaml --
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: b, namespace: web}
        spec:
          selector: {matchLabels: {app.kubernetes.io/name: b, app.kubernetes.io/component: metrics}}
          endpoints: [{port: metrics}]
        """)
        #expect(F.cell(result, "apps/a", .monitoring)?.status == .pass)
        // No Service of b has a port named metrics: nothing it scrapes exists.
        #expect(F.cell(result, "apps/b", .monitoring)?.status == .fail)
    }

    @Test func monitoringIsNotApplicableToUpstreamInstalls() throws {
        let (_, result, diagnostics) = try F.analyze("""
        -- core/upstream/kustomization.yaml --
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: upstream
        resources:
          - https://github.com/example/upstream/releases/download/v1.0.0/install.yaml
        """)
        #expect(F.cell(result, "core/upstream", .monitoring)?.status == .notApplicable)
        #expect(!diagnostics.contains { $0.id == "monitoring.missing" })
    }

    @Test func persistenceRequiresDeclaredSizedClaims() throws {
        let (_, result, _) = try F.analyze("""
        -- apps/db/statefulset.yaml --
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: web, labels: {app.kubernetes.io/name: db}}
        spec:
          template:
            metadata: {labels: {app.kubernetes.io/name: db}}
            spec:
              containers: [{name: db, image: example/db:1, resources: {requests: {cpu: 1m}, limits: {memory: 1Mi}}}]
          volumeClaimTemplates:
            - metadata: {name: data}
              spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}}
        -- apps/cache/statefulset.yaml --
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: cache, namespace: web, labels: {app.kubernetes.io/name: cache}}
        spec:
          template:
            spec:
              containers: [{name: cache, image: example/cache:1}]
              volumes: [{name: tmp, emptyDir: {}}]
        -- apps/files/deployment.yaml --
        \(F.workload("files", volumes: ["- name: data", "  persistentVolumeClaim: {claimName: files-data}"]))
        -- apps/notes/deployment.yaml --
        \(F.workload("notes", volumes: ["- name: data", "  persistentVolumeClaim: {claimName: notes-data}"]))
        -- apps/notes/pvc.yaml --
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: notes-data, namespace: web}
        spec: {accessModes: [ReadWriteOnce]}
        -- apps/web/deployment.yaml --
        \(F.workload("web"))
        -- apps/legacy/statefulset.yaml --
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: legacy
          namespace: web
          annotations: {almanac.dev/exempt-persistence: "Rebuilt from upstream on every start"}
        spec:
          template:
            spec:
              containers: [{name: legacy, image: example/legacy:1}]
        """)
        #expect(F.cell(result, "apps/db", .persistence)?.status == .pass)
        #expect(F.cell(result, "apps/db", .persistence)?.detail == "data-db 5Gi")
        let cache = try #require(F.cell(result, "apps/cache", .persistence))
        #expect(cache.status == .fail)
        #expect(cache.evidence.map(\.message) == ["StatefulSet/cache keeps no data in a claim (no volumeClaimTemplates, no PVC): it is lost when a pod moves"])
        let files = try #require(F.cell(result, "apps/files", .persistence))
        #expect(files.evidence.map(\.message) == ["Deployment/files mounts PVC 'files-data', which no PersistentVolumeClaim in namespace 'web' declares"])
        #expect(files.evidence.first?.location == SourceLocation(path: "apps/files/deployment.yaml"))
        let notes = try #require(F.cell(result, "apps/notes", .persistence))
        #expect(notes.evidence.map(\.message) == ["PersistentVolumeClaim/notes-data requests no storage size"])
        #expect(notes.evidence.first?.location == SourceLocation(path: "apps/notes/pvc.yaml"))
        #expect(F.cell(result, "apps/web", .persistence)?.status == .notApplicable)
        #expect(F.cell(result, "apps/legacy", .persistence)?.status == .exempt)
        #expect(F.cell(result, "apps/legacy", .persistence)?.exemption?.reason == "Rebuilt from upstream on every start")
    }

    @Test func backupReadsTheInventory() throws {
        let (repository, result, _) = try F.analyze("""
        -- apps/a/deployment.yaml --
        \(F.workload("a"))
        -- apps/b/deployment.yaml --
        \(F.workload("b"))
        -- apps/c/deployment.yaml --
        \(F.workload("c"))
        -- apps/d/deployment.yaml --
        \(F.workload("d"))
        """)
        func volume(_ name: String, _ service: String) -> PersistentVolume {
            PersistentVolume(ref: ObjectRef(apiVersion: "v1", kind: "PersistentVolumeClaim", name: name, namespace: "web",
                                            location: SourceLocation(path: "\(service)/pvc.yaml", line: 3)),
                             serviceID: service, size: "5Gi")
        }
        let policy = BackupPolicy(ref: ObjectRef(apiVersion: "velero.io/v1", kind: "Schedule", name: "daily", namespace: "velero",
                                                 location: SourceLocation(path: "backup/schedule.yaml")), mechanism: .velero)
        var inventory = BackupInventory()
        inventory.volumes = [
            .init(volume: volume("a-data", "apps/a"), serviceID: "apps/a", protections: [.init(policy: policy, reason: "namespace web")]),
            .init(volume: volume("b-data", "apps/b"), serviceID: "apps/b"),
            .init(volume: volume("c-models", "apps/c"), serviceID: "apps/c", exemption: "Re-downloadable"),
        ]
        let context = ScorecardContext(repository: repository, index: result.index, backups: inventory)
        func cell(_ id: String) -> Scorecard.Cell { context.cell(BackupRule.self, result.index[id]!) }
        #expect(cell("apps/a").status == .pass)
        #expect(cell("apps/a").detail == "1 of 1 volumes by daily")
        #expect(cell("apps/b").status == .fail)
        #expect(cell("apps/b").evidence == [Diagnostic(
            id: "scorecard.backup", severity: .warning, location: SourceLocation(path: "apps/b/pvc.yaml", line: 3),
            message: "PersistentVolumeClaim/b-data (5Gi) has no backup",
            note: "add it to a Velero schedule, a Longhorn recurring job or VolSync, or exempt it with a reason")])
        #expect(cell("apps/c").status == .exempt)
        #expect(cell("apps/c").exemption?.reason == "Re-downloadable")
        #expect(cell("apps/d").status == .notApplicable)
    }

    @Test func ingressWantsARouteForHTTPPorts() throws {
        let (_, result, _) = try F.analyze("""
        -- apps/a/deployment.yaml --
        \(F.workload("a"))
        -- apps/a/service.yaml --
        \(F.service("a"))
        -- shared/routes/a.yaml --
        apiVersion: traefik.io/v1alpha1
        kind: IngressRoute
        metadata: {name: a, namespace: web}
        spec:
          routes:
            - match: Host(`a.lab.example.com`)
              services: [{name: a, port: 8080}]
        -- apps/b/deployment.yaml --
        \(F.workload("b"))
        -- apps/b/service.yaml --
        \(F.service("b"))
        -- apps/mqtt/deployment.yaml --
        \(F.workload("mqtt", port: ("mqtt", 1883)))
        -- apps/mqtt/service.yaml --
        \(F.service("mqtt", port: ("mqtt", 1883)))
        -- apps/api/deployment.yaml --
        \(F.workload("api", annotations: [#"almanac.dev/exempt-ingress: "Internal API, no UI""#]))
        -- apps/api/service.yaml --
        \(F.service("api"))
        -- apps/exporter/deployment.yaml --
        \(F.workload("exporter"))
        -- apps/exporter/service.yaml --
        \(F.service("exporter"))
        -- apps/exporter/servicemonitor.yaml --
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: exporter, namespace: web}
        spec:
          selector: {matchLabels: {app.kubernetes.io/name: exporter}}
          endpoints: [{port: http}]
        """)
        #expect(F.cell(result, "apps/a", .ingress)?.status == .pass)
        #expect(F.cell(result, "apps/a", .ingress)?.detail == "a.lab.example.com")
        let b = try #require(F.cell(result, "apps/b", .ingress))
        #expect(b.status == .fail)
        #expect(b.evidence.map(\.message) == ["Service/b serves HTTP on port 'http' 8080, but no route leads to it"])
        #expect(b.evidence.first?.location.map { "\($0.path):\($0.line)" } == "apps/b/service.yaml:10")
        #expect(F.cell(result, "apps/mqtt", .ingress)?.status == .notApplicable)
        #expect(F.cell(result, "apps/mqtt", .ingress)?.detail == "no HTTP port (mqtt 1883/TCP)")
        #expect(F.cell(result, "apps/api", .ingress)?.status == .exempt)
        // The only HTTP port is the one Prometheus scrapes: a metrics endpoint, not a UI.
        #expect(F.cell(result, "apps/exporter", .ingress)?.status == .notApplicable)
    }

    @Test func httpPortNames() {
        #expect(IngressRule.isHTTP(name: "http", port: 8080))
        #expect(IngressRule.isHTTP(name: "https", port: 8443))
        #expect(IngressRule.isHTTP(name: "web-ui", port: 3000))
        #expect(IngressRule.isHTTP(name: nil, port: 80))
        #expect(!IngressRule.isHTTP(name: nil, port: 8080))
        #expect(!IngressRule.isHTTP(name: "http-metrics", port: 9090))
        #expect(!IngressRule.isHTTP(name: "metrics", port: 9090))
        #expect(!IngressRule.isHTTP(name: "postgres", port: 5432))
    }

    @Test func networkPolicyMustSelectThePods() throws {
        let (_, result, _) = try F.analyze("""
        -- shared/policies/web.yaml --
        \(F.policy("default-deny"))
        ---
        \(F.policy("a", selector: "app.kubernetes.io/name: a"))
        ---
        \(F.policy("elsewhere", namespace: "other", selector: "app.kubernetes.io/name: b"))
        -- apps/a/deployment.yaml --
        \(F.workload("a"))
        -- apps/b/deployment.yaml --
        \(F.workload("b"))
        -- apps/node/daemonset.yaml --
        \(F.workload("node", kind: "DaemonSet", hostNetwork: true))
        -- apps/c/deployment.yaml --
        \(F.workload("c", annotations: [#"almanac.dev/exempt-network-policy: "Needs the whole LAN""#]))
        """)
        #expect(F.cell(result, "apps/a", .networkPolicy)?.status == .pass)
        #expect(F.cell(result, "apps/a", .networkPolicy)?.detail == "NetworkPolicy/a")
        let b = try #require(F.cell(result, "apps/b", .networkPolicy))
        #expect(b.status == .fail)
        #expect(b.evidence.map(\.message) == ["no NetworkPolicy with a pod selector selects the pods of Deployment/b"])
        #expect(F.cell(result, "apps/node", .networkPolicy)?.status == .notApplicable)
        #expect(F.cell(result, "apps/c", .networkPolicy)?.status == .exempt)
        #expect(F.cell(result, "apps/c", .networkPolicy)?.exemption?.reason == "Needs the whole LAN")
    }

    @Test func resourcesCoverEveryContainer() throws {
        let sidecar = ["        - name: exporter", "          image: example/exporter:1", "          resources: {requests: {cpu: 1m}}"]
        let (_, result, diagnostics) = try F.analyze("""
        -- apps/a/deployment.yaml --
        \(F.workload("a"))
        -- apps/b/deployment.yaml --
        \(F.workload("b", extraContainers: sidecar))
        -- apps/c/deployment.yaml --
        \(F.workload("c", annotations: [#"almanac.dev/exempt-resources: "Bursty batch, limits OOM it""#], resources: false))
        """)
        #expect(F.cell(result, "apps/a", .resources)?.status == .pass)
        let b = try #require(F.cell(result, "apps/b", .resources))
        #expect(b.status == .fail)
        #expect(b.detail == "1 of 2 containers without requests and limits")
        #expect(F.cell(result, "apps/c", .resources)?.status == .exempt)
        #expect(diagnostics.filter { $0.id == "resources.missing-limits" } == [Diagnostic(
            id: "resources.missing-limits", severity: .warning, location: SourceLocation(path: "apps/b/deployment.yaml", line: 23, column: 11),
            message: "container 'exporter' of Deployment/b has no memory limit",
            note: "set resources.requests and resources.limits so the scheduler and the OOM killer behave")])
    }

    @Test func labelsAndNamingAndDepth() throws {
        let (_, result, diagnostics) = try F.analyze("""
        -- almanac.yaml --
        max_depth: 3
        namespaces:
          allowed: [web]
        -- apps/a/deployment.yaml --
        \(F.workload("a"))
        -- apps/b/deployment.yaml --
        \(F.workload("b", labels: ["app: b"]))
        -- apps/c/deployment.yaml --
        \(F.workload("c", namespace: "default"))
        -- apps/copied/deployment.yaml --
        \(F.workload("original"))
        -- apps/deep/er/d/deployment.yaml --
        \(F.workload("d"))
        """)
        #expect(F.cell(result, "apps/a", .labels)?.status == .pass)
        #expect(F.cell(result, "apps/a", .labels)?.detail == "name a; recommended but missing: component, instance, part-of")
        #expect(F.cell(result, "apps/b", .labels)?.status == .fail)
        #expect(F.cell(result, "apps/a", .naming)?.status == .pass)
        #expect(F.cell(result, "apps/a", .naming)?.detail == "namespace web, folder a")
        // b has no app.kubernetes.io/name, but the workload is named after the folder.
        #expect(F.cell(result, "apps/b", .naming)?.status == .pass)
        #expect(F.cell(result, "apps/c", .naming)?.status == .fail)
        #expect(F.cell(result, "apps/copied", .naming)?.status == .fail)
        #expect(F.cell(result, "apps/deep/er/d", .layout)?.status == .fail)
        #expect(F.cell(result, "apps/a", .layout)?.detail == "2 of 3 levels")
        let naming = diagnostics.filter { $0.id.hasPrefix("naming.") }
        #expect(naming == [
            Diagnostic(id: "naming.namespace-not-allowed", severity: .warning, location: SourceLocation(path: "apps/c/deployment.yaml"),
                       message: "service 'c' runs in namespace 'default', which is not an allowed functional domain",
                       note: "use one of namespaces.allowed in almanac.yaml, or add 'default' there if it is a new domain"),
            Diagnostic(id: "naming.mismatch", severity: .warning, location: SourceLocation(path: "apps/copied/deployment.yaml"),
                       message: "folder 'copied' matches neither the app.kubernetes.io/name nor the name of its workloads (original)",
                       note: "rename the folder or the app so they agree; a copied neighbour's folder often keeps the old name"),
        ])
        #expect(diagnostics.filter { $0.id == "layout.too-deep" }.map(\.message) == ["service folder 'apps/deep/er/d' is 4 levels deep (limit 3)"])
        #expect(diagnostics.filter { $0.id == "labels.missing-recommended" }.map(\.message) == ["Deployment/b has no app.kubernetes.io/name label"])
    }

    @Test func anyNamespaceIsAllowedWhenTheListIsEmpty() throws {
        let (_, result, _) = try F.analyze("""
        -- apps/c/deployment.yaml --
        \(F.workload("c", namespace: "default"))
        """)
        #expect(F.cell(result, "apps/c", .naming)?.status == .pass)
    }

    @Test func exemptionOnAPassingRuleIsKeptAndShown() throws {
        let (_, result, _) = try F.analyze("""
        -- apps/a/deployment.yaml --
        \(F.workload("a", annotations: [#"almanac.dev/exempt-resources: "Old reason""#]))
        """)
        let cell = try #require(F.cell(result, "apps/a", .resources))
        #expect(cell.status == .pass)
        #expect(cell.exemption?.reason == "Old reason")
    }
}

/// The scorecard over content/: every rule fails exactly where the sample repo is meant to.
@Suite struct ScorecardContentTests {
    @Test func failuresAreExactlyThePlantedFlaws() throws {
        let repository = try RepositoryScanner(root: SampleSiteTests.content).scan().repository
        let scorecard = Analyzer.analyze(repository).scorecard
        #expect(scorecard.rows.count == repository.services.count)
        func failing(_ rule: ScorecardRule) -> [String] {
            scorecard.rows.filter { $0.cell(rule)?.status == .fail }.map(\.service.name).sorted()
        }
        #expect(failing(.monitoring) == ["linkding"])
        #expect(failing(.persistence) == [])
        #expect(failing(.ingress) == [])
        #expect(failing(.networkPolicy) == ["cyberchef"])
        #expect(failing(.resources) == ["it-tools"])
        #expect(failing(.labels) == ["glance", "smokeping"])
        #expect(failing(.naming) == [])
        #expect(failing(.layout) == ["sabnzbd"])
        // CronJob-only services carry their monitoring exemption with a reason.
        let renovate = try #require(scorecard.rows.first { $0.service.name == "renovate" }?.cell(.monitoring))
        #expect(renovate.status == .exempt)
        #expect(renovate.exemption?.reason == "Hourly batch job; its output is PRs and the Dependency Dashboard issue in each repo")
    }
}
