import AlmanacModel
import Foundation

/// ADRs, runbooks and alerts, cross-linked with each other and with services.
public struct KnowledgeBase: Sendable {
    /// Every ADR, by number then path, with its links in both directions.
    public var adrs: [ADREntry] = []
    /// Every runbook, by path.
    public var runbooks: [RunbookEntry] = []
    /// Every alert name defined by a PrometheusRule, by name.
    public var alerts: [AlertEntry] = []
    /// "Today" for review ages: `runbooks.reference_date`, else the newest commit's date.
    public var referenceDate: String?
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    private var adrByPath: [String: Int] = [:]
    private var runbookByPath: [String: Int] = [:]
    private var alertByName: [String: Int] = [:]

    public init() {}

    /// An ADR with what the whole set says about it.
    public struct ADREntry: Sendable {
        public var adr: ADR
        /// Supersede and amend links in both directions: written here, or derived from the other record.
        public var links: [ADRLink]
        /// Services the record mentions, by id.
        public var serviceIDs: [String]
        /// Other records this one links to in its text (besides its supersede/amend links), by path.
        public var references: [String]
    }

    public struct ADRLink: Sendable, Hashable {
        public var kind: ADRRelation.Kind
        public var number: Int?
        /// The other record's path; nil when it does not exist.
        public var path: String?
        /// True when only the other record writes it.
        public var derived: Bool
    }

    /// A runbook with the services and alerts it was matched to.
    public struct RunbookEntry: Sendable {
        public var runbook: Runbook
        /// Services it covers, by id.
        public var serviceIDs: [String]
        /// Defined alerts it covers, by name.
        public var alertNames: [String]
        /// Alerts its front matter names that no rule defines, as written.
        public var unknownAlerts: [String]
        /// Days since `last_reviewed`, when both dates are known.
        public var reviewAgeDays: Int?
        public var isStale: Bool
    }

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> KnowledgeBase {
        var base = KnowledgeBase()
        base.referenceDate = repository.config.referenceDate ?? repository.lastCommitDate
        base.buildADRs(repository)
        base.buildRunbooks(repository)
        base.buildAlerts(repository)
        base.findings.sort()
        return base
    }

    public func adr(at path: String) -> ADREntry? { adrByPath[path].map { adrs[$0] } }
    public func runbook(at path: String) -> RunbookEntry? { runbookByPath[path].map { runbooks[$0] } }
    public func alert(named name: String) -> AlertEntry? { alertByName[name].map { alerts[$0] } }

    public func adrs(mentioning serviceID: String) -> [ADREntry] { adrs.filter { $0.serviceIDs.contains(serviceID) } }
    public func runbooks(for serviceID: String) -> [RunbookEntry] { runbooks.filter { $0.serviceIDs.contains(serviceID) } }
    public func alerts(for serviceID: String) -> [AlertEntry] { alerts.filter { $0.serviceIDs.contains(serviceID) } }

    mutating func indexEntries() {
        adrByPath = Dictionary(adrs.enumerated().map { ($1.adr.path, $0) }, uniquingKeysWith: { first, _ in first })
        runbookByPath = Dictionary(runbooks.enumerated().map { ($1.runbook.path, $0) }, uniquingKeysWith: { first, _ in first })
        alertByName = Dictionary(alerts.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
