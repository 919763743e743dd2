@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
@testable import AlmanacSite
import Foundation
import Testing

/// Runbooks, alerts and the links between them, over one inline repo.
@Suite struct RunbookAlertTests {
    static let fixture = """
    -- almanac.yaml --
    base_url: https://docs.example.com/
    runbooks:
      url_prefixes:
        "https://runbooks.prometheus-operator.dev/runbooks/": docs/operations/runbooks/upstream/
      max_review_age_days: 30
      reference_date: 2026-03-01
    -- k3s/apps/media/jellyfin/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: jellyfin
      namespace: media
      labels:
        app.kubernetes.io/name: jellyfin
    spec:
      template:
        spec:
          containers:
            - name: jellyfin
              image: jellyfin/jellyfin:10.10.3
    -- k3s/apps/media/jellyfin/prometheusrule.yaml --
    apiVersion: monitoring.coreos.com/v1
    kind: PrometheusRule
    metadata:
      name: jellyfin
      namespace: media
    spec:
      groups:
        - name: jellyfin
          rules:
            - alert: JellyfinDown
              expr: up{job="jellyfin"} == 0
              for: 10m
              labels:
                severity: warning
              annotations:
                summary: Jellyfin is down
                runbook_url: https://docs.example.com/operations/runbooks/jellyfin-down/
            - alert: NodeDown
              expr: up{job="node"} == 0
              labels: {severity: critical}
              annotations:
                runbook_url: https://docs.example.com/operations/runbooks/node-failure/
            - alert: DiskFull
              expr: disk > 0.9
              annotations:
                runbook_url: /operations/runbooks/node-failure/#disk-full
            - alert: BadAnchor
              expr: vector(1)
              annotations:
                runbook_url: operations/runbooks/node-failure/#nope
            - alert: CaseURL
              expr: vector(1)
              annotations:
                runbook_url: https://docs.example.com/operations/runbooks/Node-Failure/
            - alert: KubePodCrashLooping
              expr: vector(1)
              annotations:
                runbook_url: https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping
            - alert: WatchdogX
              expr: vector(1)
            - alert: HeadingOnly
              expr: vector(1)
            - alert: External
              expr: vector(1)
              annotations:
                runbook_url: https://wiki.example.org/runbooks/external
            - alert: TemplateURL
              expr: vector(1)
              annotations:
                runbook_url: "https://docs.example.com/alerts/{{ $labels.alertname }}/"
    -- docs/operations/runbooks/node-failure.md --
    ---
    title: Node failure
    alerts:
      - NodeDown
      - DiskFull
      - GhostAlert
    services: [jellyfin, nosuch]
    severity: critical
    owner: platform
    last_reviewed: 2026-01-01
    ---

    # Node failure

    ## NodeDown

    Reboot it. See [disk full](#disk-full).

    ## Disk full

    Delete things.
    -- docs/operations/runbooks/watch.md --
    ---
    alerts: [watchdogx, templateurl, badanchor, caseurl]
    last_reviewed: 2026-02-20
    ---
    # Watch

    ## WatchdogX (always firing)

    Nothing to do.
    -- docs/operations/runbooks/heading.md --
    # Heading runbook for Jellyfin

    ## headingonly

    Do it.
    -- docs/operations/runbooks/upstream/kubernetes/KubePodCrashLooping.md --
    # KubePodCrashLooping

    Look at the logs.
    -- docs/operations/runbooks/undated.md --
    ---
    alerts: []
    last_reviewed: soon
    ---
    # Undated
    """

    static func analyze() throws -> (Repository, Analyzer.Result) {
        let repo = try FixtureRepo(fixture)
        defer { repo.remove() }
        let repository = try RepositoryScanner(root: repo.root).scan().repository
        return (repository, Analyzer.analyze(repository))
    }

    @Test func eachCheckFindsItsProblems() throws {
        let (_, result) = try Self.analyze()
        let found = result.knowledge.findings.map { "\($0.id) \($0.location!.path):\($0.location!.line)" }
        #expect(found == [
            "runbooks.unknown-alert docs/operations/runbooks/node-failure.md:6",
            "runbooks.unknown-service docs/operations/runbooks/node-failure.md:7",
            "runbooks.stale docs/operations/runbooks/node-failure.md:10",
            "runbooks.stale docs/operations/runbooks/undated.md:3",
            "alerts.missing-runbook k3s/apps/media/jellyfin/prometheusrule.yaml:10",
            "alerts.runbook-url-unresolved k3s/apps/media/jellyfin/prometheusrule.yaml:17",
            "alerts.runbook-url-unresolved k3s/apps/media/jellyfin/prometheusrule.yaml:30",
            "alerts.runbook-url-unresolved k3s/apps/media/jellyfin/prometheusrule.yaml:34",
        ])
        let ids = result.knowledge.findings.map(\.id)
        #expect(ids.filter { $0 == "alerts.missing-runbook" }.count == 1)
        #expect(ids.filter { $0 == "alerts.runbook-url-unresolved" }.count == 3)
        #expect(ids.filter { $0 == "runbooks.unknown-alert" }.count == 1)
        #expect(ids.filter { $0 == "runbooks.unknown-service" }.count == 1)
        #expect(ids.filter { $0 == "runbooks.stale" }.count == 2)
        #expect(result.knowledge.findings.contains(Diagnostic(
            id: "alerts.runbook-url-unresolved", severity: .error,
            location: SourceLocation(path: "k3s/apps/media/jellyfin/prometheusrule.yaml", line: 17, column: 13),
            message: "runbook_url of alert JellyfinDown leads nowhere: no page operations/runbooks/jellyfin-down/ in the site: no document is published there",
            note: "point it at an existing runbook, or at https://docs.example.com/alerts/JellyfinDown/, which always exists and leads to the runbook that covers the alert")))
        #expect(result.knowledge.findings.contains(Diagnostic(
            id: "runbooks.unknown-alert", severity: .warning,
            location: SourceLocation(path: "docs/operations/runbooks/node-failure.md", line: 6, column: 5),
            message: "runbook 'Node failure' covers alert 'GhostAlert', which no PrometheusRule defines",
            note: "remove it from `alerts:`, correct the name, or add the alert rule")))
        #expect(result.knowledge.findings.contains(Diagnostic(
            id: "runbooks.stale", severity: .warning,
            location: SourceLocation(path: "docs/operations/runbooks/node-failure.md", line: 10, column: 1),
            message: "runbook 'Node failure' was last reviewed on 2026-01-01, 59 days before 2026-03-01 (limit 30 days)",
            note: "walk through it against the cluster as it is today, fix what changed, and update last_reviewed")))
    }

    @Test func runbookURLsResolveThroughBaseURLSitePathsAndPrefixes() throws {
        let (_, result) = try Self.analyze()
        func runbook(_ name: String) -> AlertEntry.RunbookLink? { result.knowledge.alert(named: name)?.runbook }
        #expect(runbook("NodeDown") == .init(path: "docs/operations/runbooks/node-failure.md", anchor: "nodedown",
                                             section: "NodeDown", source: .runbookURL))
        #expect(runbook("DiskFull") == .init(path: "docs/operations/runbooks/node-failure.md", anchor: "disk-full",
                                             section: "Disk full", source: .runbookURL))
        #expect(runbook("KubePodCrashLooping") == .init(path: "docs/operations/runbooks/upstream/kubernetes/KubePodCrashLooping.md",
                                                        anchor: "kubepodcrashlooping", section: "KubePodCrashLooping", source: .runbookURL))
        #expect(runbook("WatchdogX") == .init(path: "docs/operations/runbooks/watch.md", anchor: "watchdogx-always-firing",
                                              section: "WatchdogX (always firing)", source: .frontMatter))
        #expect(runbook("TemplateURL")?.path == "docs/operations/runbooks/watch.md")
        #expect(runbook("HeadingOnly") == .init(path: "docs/operations/runbooks/heading.md", anchor: "headingonly",
                                                section: "headingonly", source: .text))
        #expect(runbook("JellyfinDown") == nil)
        #expect(result.knowledge.alert(named: "External")?.externalRunbook == "https://wiki.example.org/runbooks/external")
        let problems = result.knowledge.alerts.flatMap(\.definitions).compactMap { definition in
            definition.runbookURLProblem.map { "\(definition.rule.name): \($0)" }
        }
        #expect(problems == [
            "BadAnchor: docs/operations/runbooks/node-failure.md has no heading with the anchor #nope",
            "CaseURL: 'operations/runbooks/Node-Failure/' differs only in case from operations/runbooks/node-failure/ (docs/operations/runbooks/node-failure.md); web servers match paths case-sensitively",
            "JellyfinDown: no page operations/runbooks/jellyfin-down/ in the site: no document is published there",
        ])
    }

    @Test func runbooksReadFrontMatterOrTextAndPath() throws {
        let (_, result) = try Self.analyze()
        let node = try #require(result.knowledge.runbook(at: "docs/operations/runbooks/node-failure.md"))
        #expect(node.alertNames == ["DiskFull", "NodeDown"])
        #expect(node.unknownAlerts == ["GhostAlert"])
        #expect(node.serviceIDs == ["k3s/apps/media/jellyfin"])
        #expect(node.runbook.severity == "critical")
        #expect(node.runbook.owner == "platform")
        #expect(node.reviewAgeDays == 59)
        #expect(node.isStale)
        let heading = try #require(result.knowledge.runbook(at: "docs/operations/runbooks/heading.md"))
        #expect(heading.alertNames == ["HeadingOnly"])
        #expect(heading.runbook.alertsEvidence == .text)
        #expect(heading.serviceIDs == ["k3s/apps/media/jellyfin"])
        let watch = try #require(result.knowledge.runbook(at: "docs/operations/runbooks/watch.md"))
        #expect(watch.alertNames == ["BadAnchor", "CaseURL", "TemplateURL", "WatchdogX"])
        #expect(watch.reviewAgeDays == 9)
        #expect(!watch.isStale)
    }

    @Test func resolverHandlesEachURLForm() {
        var config = SiteConfig(baseURL: "https://docs.example.com/lab/")
        config.runbookURLPrefixes = ["https://upstream.example/runbooks/": "docs/upstream"]
        let documents = [
            Document(path: "docs/operations/runbooks/x.md", kind: .runbook, title: "X", body: "", anchors: ["a"]),
            Document(path: "docs/upstream/general/Watchdog.md", kind: .runbook, title: "W", body: ""),
        ]
        let resolver = RunbookURLResolver(config: config, documents: documents, alertNames: ["Foo"])
        #expect(resolver.resolve("https://docs.example.com/lab/operations/runbooks/x/", alert: "Foo") == .document(path: "docs/operations/runbooks/x.md", anchor: nil))
        #expect(resolver.resolve("https://DOCS.example.com/lab/operations/runbooks/x/index.html#a", alert: "Foo") == .document(path: "docs/operations/runbooks/x.md", anchor: "a"))
        #expect(resolver.resolve("/lab/operations/runbooks/x", alert: "Foo") == .document(path: "docs/operations/runbooks/x.md", anchor: nil))
        #expect(resolver.resolve("/operations/runbooks/x/", alert: "Foo") == .unresolved("'/operations/runbooks/x/' is outside the site's path /lab/"))
        #expect(resolver.resolve(" JavaScript:alert(1)", alert: "Foo") == .unresolved("the 'javascript:' scheme is unsafe; the site never links it"))
        #expect(resolver.resolve("javascript:{{ $labels.alertname }}", alert: "Foo") == .unresolved("the 'javascript:' scheme is unsafe; the site never links it"))
        #expect(resolver.resolve("docs/operations/runbooks/x.md", alert: "Foo") == .document(path: "docs/operations/runbooks/x.md", anchor: nil))
        #expect(resolver.resolve("https://upstream.example/runbooks/general/watchdog/", alert: "Foo") == .document(path: "docs/upstream/general/Watchdog.md", anchor: nil))
        #expect(resolver.resolve("https://upstream.example/runbooks/general/missing", alert: "Foo") == .unresolved("no local copy for it: docs/upstream/general/missing.md does not exist (runbooks.url_prefixes maps the prefix to docs/upstream)"))
        #expect(resolver.resolve("https://docs.example.com/lab/alerts/{{ $labels.alertname }}/", alert: "Foo") == .alertPage("Foo"))
        #expect(resolver.resolve("https://docs.example.com/lab/alerts/Bar/", alert: "Foo") == .unresolved("no alert named Bar is defined, so alerts/Bar/ does not exist"))
        #expect(resolver.resolve("https://grafana.example.com/d/abc", alert: "Foo") == .external)
        #expect(resolver.resolve("https://docs.example.com/lab/{{ $labels.team }}/", alert: "Foo") == .external)
    }

    @Test func alertPagesLeadToTheSectionOrSaySoWhenThereIsNone() throws {
        let (repository, result) = try Self.analyze()
        let site = try SiteBuilder(repository: repository, analysis: result, diagnostics: result.findings,
                                   templates: TemplateRenderer()).build()
        func page(_ path: String) throws -> String { String(decoding: try #require(site.pages.first { $0.path == path }?.data), as: UTF8.self) }
        for alert in result.knowledge.alerts {
            #expect(site.pages.contains { $0.path == "alerts/\(alert.name)/index.html" }, "\(alert.name)")
        }
        let node = try page("alerts/NodeDown/index.html")
        #expect(node.contains(#"<a class="button" href="../../operations/runbooks/node-failure/index.html#nodedown">Open the runbook: Node failure › NodeDown</a>"#))
        #expect(node.contains("<p>Reboot it. See <a href=\"../../operations/runbooks/node-failure/index.html#disk-full\">disk full</a>.</p>"))
        #expect(!node.contains("Delete things."))
        #expect(!node.contains("No runbook covers this alert yet"))
        let jellyfin = try page("alerts/JellyfinDown/index.html")
        #expect(jellyfin.contains("No runbook covers this alert yet."))
        #expect(jellyfin.contains(#"<a href="../../operations/runbooks/node-failure/index.html">Node failure</a>"#))
        #expect(jellyfin.contains("leads nowhere"))
        let runbook = try page("operations/runbooks/node-failure/index.html")
        #expect(runbook.contains(#"<a class="tag alert-tag" href="../../../alerts/NodeDown/index.html">NodeDown</a>"#))
        #expect(runbook.contains(#"title="no PrometheusRule defines it">GhostAlert</span>"#))
        let index = try page("alerts/index.html")
        #expect(index.contains("runbook_url: https://docs.example.com/alerts/{{ $labels.alertname }}/"))
        let service = try page("services/jellyfin/index.html")
        #expect(service.contains(#"<a class="alert-tag" href="../../alerts/JellyfinDown/index.html">JellyfinDown</a>"#))
        #expect(try page("runbooks/index.html").contains("By alert"))
    }

    @Test func staleCheckIsSkippedWithoutAReferenceDate() throws {
        let repo = try FixtureRepo("""
        -- docs/operations/runbooks/old.md --
        ---
        last_reviewed: 1999-01-01
        ---
        # Old
        """)
        defer { repo.remove() }
        let repository = try RepositoryScanner(root: repo.root).scan().repository
        #expect(repository.lastCommitDate == nil)
        #expect(Analyzer.analyze(repository).knowledge.findings == [])
    }

    @Test func calendarDays() {
        #expect(CalendarDay.parse("1970-01-01") == 0)
        #expect(CalendarDay.parse("2026-03-01")! - CalendarDay.parse("2026-01-01")! == 59)
        #expect(CalendarDay.parse("2024-03-01")! - CalendarDay.parse("2024-02-28")! == 2)
        #expect(CalendarDay.parse("2026-01-31T10:00:00Z") == CalendarDay.parse("2026-01-31"))
        #expect(CalendarDay.parse("2026-02-30") == nil)
        #expect(CalendarDay.parse("soon") == nil)
        #expect(CalendarDay.parse("2026-01-311") == nil)
    }
}

@Suite struct RunbookConfigTests {
    @Test func runbookSettingsAreReadAndCheckedInAlmanacYAML() {
        let (config, diagnostics) = ConfigLoader.load(text: """
        runbooks:
          url_prefixes:
            "https://upstream.example/runbooks/": docs/upstream/
          max_review_age_days: 90
          reference_date: 2026-02-01
        """, displayPath: "almanac.yaml")
        #expect(diagnostics == [])
        #expect(config.runbookURLPrefixes == ["https://upstream.example/runbooks/": "docs/upstream/"])
        #expect(config.runbookMaxReviewAgeDays == 90)
        #expect(config.referenceDate == "2026-02-01")
        let (_, problems) = ConfigLoader.load(text: """
        runbooks:
          max_review_age_days: -1
          reference_date: tomorrow
          stale_days: 3
        """, displayPath: "almanac.yaml")
        #expect(problems.map { "\($0.id) \($0.location!.line)" } == ["config.invalid 2", "config.invalid 3", "config.unknown-key 4"])
    }

    @Test func linksTheConfigPutsOnEveryPageMustBeWebURLs() {
        let (config, problems) = ConfigLoader.load(text: """
        repo_url: "javascript:alert(806)//"
        base_url: //evil.example.com/
        """, displayPath: "almanac.yaml")
        #expect(config.repoURL == nil && config.baseURL == nil)
        #expect(problems.map { "\($0.id) \($0.location!.line)" } == ["config.invalid 1", "config.invalid 2"])
        for good in ["https://github.com/o/r", "http://git.lab:3000/o/r"] { #expect(ConfigLoader.isWebURL(good), "\(good)") }
        for bad in ["javascript:x", "https:///x", "https://a b", "https://a\"b", "ftp://x"] { #expect(!ConfigLoader.isWebURL(bad), "\(bad)") }
        #expect(ConfigLoader.isSiteBase("/docs/") && !ConfigLoader.isSiteBase("//host/") && !ConfigLoader.isSiteBase("docs/"))
    }
}
