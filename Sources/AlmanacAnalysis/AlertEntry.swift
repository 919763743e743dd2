import AlmanacModel

/// One alert name and everything known about it: its rule(s), its service, and the runbook
/// section its page leads to.
public struct AlertEntry: Sendable {
    /// One `- alert:` rule with this name (the same name may be defined more than once, e.g. a
    /// warning and a critical threshold).
    public struct Definition: Sendable {
        public var rule: AlertRule
        /// Why its `runbook_url` leads nowhere, if it does.
        public var runbookURLProblem: String?
    }

    /// Where the alert's page leads.
    public struct RunbookLink: Sendable, Hashable {
        public enum Source: String, Sendable {
            case runbookURL = "runbook_url"
            case frontMatter = "runbook front matter"
            case text = "runbook heading or file name"
        }

        /// The runbook document.
        public var path: String
        /// The anchor of the section about the alert, if the runbook has one.
        public var anchor: String?
        public var section: String?
        public var source: Source
    }

    public var name: String
    public var definitions: [Definition]
    public var serviceIDs: [String]
    public var runbook: RunbookLink?
    /// A `runbook_url` on another site that Almanac cannot check.
    public var externalRunbook: String?
    /// With no runbook: runbooks of the same service, a similar alert name, or the same category.
    public var relatedRunbooks: [String]

    public var severity: String? { definitions.lazy.compactMap(\.rule.severity).first }
    public var hasRunbook: Bool { runbook != nil || externalRunbook != nil }
}
