@testable import AlmanacAnalysis
import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// `exemptions:` in almanac.yaml: parsing, diagnostics, and their effect on cells and checks.
@Suite struct ScorecardExemptionTests {
    typealias F = ScorecardFixtures

    @Test func readsExemptionsWithTheirReasons() {
        let (config, diagnostics) = ConfigLoader.load(text: """
        exemptions:
          - service: k3s/apps/x/
            rule: monitoring
            reason: "Batch job; failures show in kube-state-metrics"
          - {service: k3s/apps/y, rule: network-policy, reason: Needs the LAN}
        """, displayPath: "almanac.yaml")
        #expect(diagnostics.isEmpty)
        #expect(config.exemptions == [
            ConfigExemption(service: "k3s/apps/x", rule: .monitoring, reason: "Batch job; failures show in kube-state-metrics",
                            location: SourceLocation(path: "almanac.yaml", line: 2, column: 5)),
            ConfigExemption(service: "k3s/apps/y", rule: .networkPolicy, reason: "Needs the LAN",
                            location: SourceLocation(path: "almanac.yaml", line: 5, column: 5)),
        ])
    }

    @Test func badExemptionsAreDiagnostics() {
        let (config, diagnostics) = ConfigLoader.load(text: """
        exemptions:
          - service: k3s/apps/x
            rule: monitoring
          - service: k3s/apps/x
            rule: backups
            reason: typo in the rule
          - service: k3s/apps/x
            rule: ingress
            reason: "  "
          - service: k3s/apps/x
            rule: ingress
            reason: fine
            until: 2025-01-01
          - just a string
        """, displayPath: "almanac.yaml")
        #expect(config.exemptions.map(\.reason) == ["fine"])
        #expect(diagnostics == [
            Diagnostic(id: "config.invalid", severity: .error, location: SourceLocation(path: "almanac.yaml", line: 2, column: 5),
                       message: "exemption of 'k3s/apps/x' from monitoring has no reason",
                       note: "write why the rule does not apply; the reason is shown on the scorecard"),
            Diagnostic(id: "config.invalid", severity: .error, location: SourceLocation(path: "almanac.yaml", line: 5, column: 11),
                       message: "unknown rule 'backups' in the exemption of 'k3s/apps/x' (known: monitoring, persistence, backup, ingress, network-policy, resources, labels, naming, layout)"),
            Diagnostic(id: "config.invalid", severity: .error, location: SourceLocation(path: "almanac.yaml", line: 7, column: 5),
                       message: "exemption of 'k3s/apps/x' from ingress has no reason",
                       note: "write why the rule does not apply; the reason is shown on the scorecard"),
            Diagnostic(id: "config.unknown-key", severity: .error, location: SourceLocation(path: "almanac.yaml", line: 13, column: 5),
                       message: "unknown key 'until' in an exemption (known: service, rule, reason)"),
            Diagnostic(id: "config.invalid", severity: .error, location: SourceLocation(path: "almanac.yaml", line: 14, column: 5),
                       message: "an exemption must be a mapping with service, rule and reason"),
        ])
    }

    @Test func exemptionsMustBeAList() {
        let (_, diagnostics) = ConfigLoader.load(text: "exemptions: {service: x}\n", displayPath: "almanac.yaml")
        #expect(diagnostics.map(\.message) == ["exemptions must be a list of {service, rule, reason}"])
    }

    @Test func configExemptionsExemptCellsAndSilenceChecks() throws {
        let (_, result, diagnostics) = try F.analyze("""
        -- almanac.yaml --
        exemptions:
          - {service: apps/a, rule: monitoring, reason: "Scraped by the node agent"}
          - {service: apps/a, rule: resources, reason: "Sized by the VPA"}
          - {service: apps/gone, rule: ingress, reason: "Left behind"}
        -- apps/a/deployment.yaml --
        \(F.workload("a", resources: false))
        """)
        let monitoring = try #require(F.cell(result, "apps/a", .monitoring))
        #expect(monitoring.status == .exempt)
        #expect(monitoring.exemption == Scorecard.Exemption(reason: "Scraped by the node agent", source: "almanac.yaml",
                                                             location: SourceLocation(path: "almanac.yaml", line: 2, column: 5)))
        #expect(F.cell(result, "apps/a", .resources)?.status == .exempt)
        #expect(!diagnostics.contains { $0.id == "monitoring.missing" || $0.id == "resources.missing-limits" })
        #expect(diagnostics.filter { $0.id.hasPrefix("config.") } == [Diagnostic(
            id: "config.invalid", severity: .error, location: SourceLocation(path: "almanac.yaml", line: 4, column: 5),
            message: "exemption names service 'apps/gone', which does not exist",
            note: "name the service by its folder, like apps/a")])
    }

    @Test func severitiesApplyToScorecardChecks() throws {
        let (repository, result, _) = try F.analyze("""
        -- almanac.yaml --
        checks:
          monitoring.missing: error
          naming.mismatch: "off"
        -- apps/copied/deployment.yaml --
        \(F.workload("original"))
        """)
        let shown = Analyzer.applyConfiguredSeverities(result.findings, config: repository.config)
        #expect(shown.filter { $0.id.hasPrefix("monitoring.") || $0.id.hasPrefix("naming.") }.map { "\($0.id) \($0.severity)" }
                == ["monitoring.missing error"])
    }

    @Test func annotationsOnServicesExemptAndTyposAreReported() throws {
        let (_, result, diagnostics) = try F.analyze("""
        -- apps/a/deployment.yaml --
        \(F.workload("a", annotations: [#"almanac.dev/exempt-monitorng: "typo""#, #"almanac.dev/exempt-labels: """#]))
        -- apps/a/service.yaml --
        apiVersion: v1
        kind: Service
        metadata:
          name: a
          namespace: web
          annotations:
            almanac.dev/exempt-ingress: "Reached through the VPN only"
        spec:
          selector: {app.kubernetes.io/name: a}
          ports: [{name: http, port: 8080}]
        """)
        let ingress = try #require(F.cell(result, "apps/a", .ingress))
        #expect(ingress.status == .exempt)
        #expect(ingress.exemption == Scorecard.Exemption(reason: "Reached through the VPN only", source: "annotation on Service/a",
                                                          location: SourceLocation(path: "apps/a/service.yaml")))
        // The typo exempts nothing.
        #expect(F.cell(result, "apps/a", .monitoring)?.status == .fail)
        #expect(F.cell(result, "apps/a", .labels)?.exemption == nil)
        #expect(diagnostics.filter { $0.id == "scorecard.invalid-exemption" } == [
            Diagnostic(id: "scorecard.invalid-exemption", severity: .warning, location: SourceLocation(path: "apps/a/deployment.yaml"),
                       message: "Deployment/a has annotation 'almanac.dev/exempt-labels' without a reason",
                       note: "write why the rule does not apply; the reason is shown on the scorecard"),
            Diagnostic(id: "scorecard.invalid-exemption", severity: .warning, location: SourceLocation(path: "apps/a/deployment.yaml"),
                       message: "Deployment/a has annotation 'almanac.dev/exempt-monitorng' for an unknown rule",
                       note: "use one of almanac.dev/exempt-monitoring, almanac.dev/exempt-persistence, almanac.dev/exempt-backup, almanac.dev/exempt-ingress, almanac.dev/exempt-network-policy, almanac.dev/exempt-resources, almanac.dev/exempt-labels, almanac.dev/exempt-naming, almanac.dev/exempt-layout"),
        ])
    }
}
