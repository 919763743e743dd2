/// A runbook: what it covers, from its front matter or, without one, from its text and path.
public struct Runbook: Hashable, Sendable, Codable {
    /// Where a fact about the runbook came from, so pages can say how sure they are.
    public enum Evidence: String, Hashable, Sendable, Codable {
        case frontMatter = "front matter"
        case text = "headings and path"
    }

    public var path: String
    public var title: String
    /// Alert names as written (front matter) or as defined (matched headings and file name).
    public var alerts: [String]
    public var alertsEvidence: Evidence
    /// Service names as written (front matter) or matched in the path and title.
    public var services: [String]
    public var servicesEvidence: Evidence
    public var severity: String?
    public var owner: String?
    /// `last_reviewed` as written.
    public var lastReviewed: String?
    /// Where each front matter entry is written, by key (`alerts`, `services`, `last_reviewed`).
    public var lines: [String: Int]
    /// Headings of the body (ATX, outside code fences) with their anchors and lines.
    public var sections: [Section]

    public struct Section: Hashable, Sendable, Codable {
        public var level: Int
        public var text: String
        public var anchor: String
        public var line: Int

        public init(level: Int, text: String, anchor: String, line: Int) {
            self.level = level
            self.text = text
            self.anchor = anchor
            self.line = line
        }
    }

    public init(path: String, title: String, alerts: [String] = [], alertsEvidence: Evidence = .text,
                services: [String] = [], servicesEvidence: Evidence = .text, severity: String? = nil,
                owner: String? = nil, lastReviewed: String? = nil, lines: [String: Int] = [:], sections: [Section] = []) {
        self.path = path
        self.title = title
        self.alerts = alerts
        self.alertsEvidence = alertsEvidence
        self.services = services
        self.servicesEvidence = servicesEvidence
        self.severity = severity
        self.owner = owner
        self.lastReviewed = lastReviewed
        self.lines = lines
        self.sections = sections
    }
}
