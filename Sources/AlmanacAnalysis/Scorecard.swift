import AlmanacModel
import Foundation

/// One row per service, one column per rule of the strategy, with exemptions and evidence.
///
/// Each rule is evaluated by its own evaluator (`MonitoringRule`, `PersistenceRule` …). A failing
/// cell becomes `exempt` when the service is exempt from the rule — by `exemptions:` in
/// `almanac.yaml`, or by an `almanac.dev/exempt-<rule>` annotation on its workloads (or its PVCs,
/// for the storage rules). Exemptions on cells that pass anyway are kept and shown, so a stale
/// one is visible.
public struct Scorecard: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case pass, fail, exempt
        case notApplicable = "n/a"
    }

    /// Why a service is exempt from a rule, and who said so.
    public struct Exemption: Hashable, Sendable {
        public var reason: String
        /// `annotation on Deployment/renovate`, `almanac.yaml`.
        public var source: String
        public var location: SourceLocation?

        public init(reason: String, source: String, location: SourceLocation?) {
            self.reason = reason
            self.source = source
            self.location = location
        }
    }

    /// One service × rule verdict.
    public struct Cell: Sendable {
        public var rule: ScorecardRule
        public var status: Status
        /// One line of why: what passed, what is missing, or why the rule does not apply.
        public var detail: String
        /// For a fail: each problem with its file:line.
        public var evidence: [Diagnostic]
        public var exemption: Exemption?

        public init(rule: ScorecardRule, status: Status, detail: String, evidence: [Diagnostic] = [], exemption: Exemption? = nil) {
            self.rule = rule
            self.status = status
            self.detail = detail
            self.evidence = evidence
            self.exemption = exemption
        }
    }

    public struct Row: Sendable {
        public var service: Service
        /// One cell per rule, in `ScorecardRule.allCases` order.
        public var cells: [Cell]

        public func cell(_ rule: ScorecardRule) -> Cell? { cells.first { $0.rule == rule } }
        public var failures: Int { cells.filter { $0.status == .fail }.count }
    }

    public var rules: [ScorecardRule] = ScorecardRule.allCases
    /// In catalog order.
    public var rows: [Row] = []
    /// Diagnostics this analysis found: `monitoring.missing`, `naming.*`, and exemptions in
    /// `almanac.yaml` that name no service. (Resources, labels and depth findings come from the
    /// simple checks, which share the evaluators.)
    public var findings: [Diagnostic] = []
    private var rowIndex: [String: Int] = [:]

    public init() {}

    public func row(serviceID: String) -> Row? { rowIndex[serviceID].map { rows[$0] } }

    /// How many services have `status` for `rule`.
    public func count(_ status: Status, for rule: ScorecardRule) -> Int {
        rows.filter { $0.cell(rule)?.status == status }.count
    }

    /// Rules whose failures Almanac reports as diagnostics from here.
    static let reportedRules: Set<ScorecardRule> = [.monitoring, .naming]
    static let reportedIDs: Set<String> = [MonitoringRule.id, NamingRule.namespaceID, NamingRule.mismatchID]

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> Scorecard {
        let context = ScorecardContext(repository: repository, index: analysis.index, backups: analysis.backups)
        var scorecard = Scorecard()
        for service in analysis.index.services {
            guard let facts = analysis.index[service.id] else { continue }
            let cells = ScorecardContext.evaluators.map { context.cell($0, facts) }
            scorecard.rowIndex[service.id] = scorecard.rows.count
            scorecard.rows.append(Row(service: service, cells: cells))
            for cell in cells where cell.status == .fail && reportedRules.contains(cell.rule) {
                scorecard.findings += cell.evidence.filter { reportedIDs.contains($0.id) }
            }
        }
        scorecard.findings += invalidAnnotations(repository)
        let known = Set(repository.services.map(\.id))
        for exemption in repository.config.exemptions where !known.contains(exemption.service) {
            scorecard.findings.append(Diagnostic(
                id: "config.invalid", severity: .error, location: exemption.location,
                message: "exemption names service '\(exemption.service)', which does not exist",
                note: "name the service by its folder, like \(repository.services.first?.id ?? "k3s/apps/media/plex")"))
        }
        return scorecard
    }

    /// Exemption annotations that exempt nothing: an unknown rule (a typo) or no reason.
    static func invalidAnnotations(_ repository: Repository) -> [Diagnostic] {
        let prefix = "almanac.dev/exempt-"
        let written = repository.workloads.flatMap { workload in
            workload.annotations.filter { $0.key.hasPrefix(prefix) }.map {
                ObjectExemption(object: workload.ref, rule: String($0.key.dropFirst(prefix.count)), reason: $0.value)
            }
        } + repository.objectExemptions
        let rules = ScorecardRule.allCases.map(\.rawValue)
        return written.compactMap { exemption in
            let annotation = prefix + exemption.rule
            if !rules.contains(exemption.rule) {
                return Diagnostic(id: "scorecard.invalid-exemption", severity: .warning, location: exemption.object.location,
                                  message: "\(exemption.object.display) has annotation '\(annotation)' for an unknown rule",
                                  note: "use one of \(rules.map { prefix + $0 }.joined(separator: ", "))")
            }
            if exemption.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return Diagnostic(id: "scorecard.invalid-exemption", severity: .warning, location: exemption.object.location,
                                  message: "\(exemption.object.display) has annotation '\(annotation)' without a reason",
                                  note: "write why the rule does not apply; the reason is shown on the scorecard")
            }
            return nil
        }
    }
}
