import Foundation
import Testing

@Suite struct CLITests {
    @Test func helpPrintsUsageAndExitsZero() {
        let result = runCLI(["--help"])
        #expect(result.code == 0)
        #expect(result.stdout.contains("USAGE: almanac <subcommand>"))
        #expect(result.stdout.contains("build"))
        #expect(result.stdout.contains("check"))
        let build = runCLI(["build", "--help"])
        #expect(build.code == 0)
        #expect(build.stdout.contains("--out <dir>"))
        #expect(build.stdout.contains("--diagnostics <format>"))
    }

    @Test func usageErrorsExit64() {
        #expect(runCLI(["check", "--no-such-flag"]).code == 64)
        #expect(runCLI(["check", "--diagnostics", "xml"]).code == 64)
        #expect(runCLI(["check", "--quiet", "--verbose"]).code == 64)
        #expect(runCLI(["check", "--base-url", "//evil.example.com/"]).code == 64)
        #expect(runCLI(["check", "--base-url", "javascript:alert(1)//"]).code == 64)
    }

    @Test func cleanRepoExitsZeroAndWarningsFailOnlyWithStrict() throws {
        let repo = try FixtureRepo("""
        -- apps/web/site/deployment.yaml --
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: site}
        spec:
          template:
            spec:
              containers:
                - name: site
                  image: nginx:1.27.3-alpine
        """)
        defer { repo.remove() }
        let relaxed = runCLI(["check", repo.path])
        #expect(relaxed.code == 0)
        #expect(relaxed.stdout.isEmpty)
        let lines = relaxed.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("apps/web/site/deployment.yaml:8:11: warning: container 'site' of Deployment/site has no resource requests and no memory limit [resources.missing-limits]"))
        #expect(lines.contains("apps/web/site/deployment.yaml:1:1: warning: Deployment/site has no app.kubernetes.io/name label [labels.missing-recommended]"))
        #expect(lines.contains("apps/web/site/deployment.yaml:1:1: warning: service 'site' has no ServiceMonitor, PodMonitor or Probe that selects it [monitoring.missing]"))
        #expect(lines.contains("apps/web/site/deployment.yaml:1:1: warning: no NetworkPolicy selects the pods of 'site' [network.missing-policy]"))
        #expect(relaxed.stderr.contains("1 service checked · 0 errors, 4 warnings, 0 notes"))
        #expect(runCLI(["check", repo.path, "--strict"]).code == 1)
    }

    @Test func skippedFilesArePrintedAsNotesAndDoNotFailStrict() throws {
        let repo = try FixtureRepo("""
        -- helm/echo/Chart.yaml --
        apiVersion: v2
        name: echo
        version: 1.0.0
        -- helm/echo/templates/configmap.yaml --
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "{{ .Release.Name }}"}
        """)
        defer { repo.remove() }
        let result = runCLI(["check", repo.path, "--strict"])
        #expect(result.code == 0)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("helm/echo/templates/configmap.yaml:1:1: note: Helm chart template (in a chart's templates/ folder); not read, the objects it renders are not in the repo [scan.skipped-template]"))
        #expect(result.stderr.contains("0 services checked · 0 errors, 0 warnings, 1 note"))
    }

    @Test func malformedYAMLIsAnErrorWithLineAndTheRestIsDocumented() throws {
        let repo = try FixtureRepo("""
        -- apps/a/deployment.yaml --
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: a}
        spec:
          template:
            spec:
              containers: [{name: a, image: "a:1", resources: {requests: {cpu: 1m}, limits: {memory: 1Mi}}}]
        -- apps/b/bad.yaml --
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: b
          labels: {x: [1, 2}
        -- apps/b/deployment.yaml --
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: b, labels: {app.kubernetes.io/name: b}}
        spec:
          template:
            spec:
              containers: [{name: b, image: "b:1", resources: {requests: {cpu: 1m}, limits: {memory: 1Mi}}}]
        """)
        defer { repo.remove() }
        let result = runCLI(["check", repo.path, "--diagnostics", "json", "--quiet"])
        #expect(result.code == 1)
        #expect(result.stderr.isEmpty)
        struct Output: Decodable {
            struct Item: Decodable { var id: String; var severity: String; var location: Location? }
            struct Location: Decodable { var path: String; var line: Int }
            var diagnostics: [Item]
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
        let syntax = output.diagnostics.filter { $0.id == "yaml.syntax" }
        #expect(syntax.count == 1)
        #expect(syntax.first?.location?.path == "apps/b/bad.yaml")
        #expect(syntax.first?.location?.line == 5)
        #expect(syntax.first?.severity == "error")

        let out = temporaryDirectory("malformed")
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(runCLI(["build", repo.path, "--out", out.path, "--quiet"]).code == 1)
        let built = files(under: out)
        #expect(built["services/a/index.html"] != nil)
        #expect(built["services/b/index.html"] != nil)
    }

    @Test func configuredSeveritiesChangeTheExitCode() throws {
        let repo = try FixtureRepo("""
        -- almanac.yaml --
        checks:
          labels.missing-recommended: error
          resources.missing-limits: "off"
        -- apps/x/deployment.yaml --
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec: {template: {spec: {containers: [{name: x, image: "x:1"}]}}}
        """)
        defer { repo.remove() }
        let result = runCLI(["check", repo.path, "--quiet"])
        #expect(result.code == 1)
        #expect(result.stderr.contains("error: Deployment/x has no app.kubernetes.io/name label [labels.missing-recommended]"))
        #expect(!result.stderr.contains("resources.missing-limits"))
    }

    @Test func fatalErrorsNameTheStage() {
        let result = runCLI(["check", "/nonexistent/almanac-repo"])
        #expect(result.code == 2)
        #expect(result.stderr.hasPrefix("[scan] /nonexistent/almanac-repo: not a directory"))
    }
}
