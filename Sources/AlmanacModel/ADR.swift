/// An Architecture Decision Record, read from a document in either common format: Nygard /
/// adr-tools (`# 12. Title`, `Date:`, a `## Status` section) or MADR (front matter).
public struct ADR: Hashable, Sendable, Codable {
    public enum Format: String, Hashable, Sendable, Codable {
        case nygard = "Nygard"
        case madr = "MADR"
    }

    /// The document it was read from.
    public var path: String
    public var number: Int?
    /// The title without its number (`Use k3s`, not `3. Use k3s`).
    public var title: String
    public var format: Format
    /// Normalized status; nil when the record carries none.
    public var status: ADRStatus?
    /// Where the status is written (the status line, or the front matter key).
    public var statusLocation: SourceLocation?
    public var date: String?
    public var decisionMakers: [String]
    /// MADR's `Chosen option: "…"`.
    public var chosenOption: String?
    /// Supersede and amend links written in this record.
    public var relations: [ADRRelation]
    /// The decision text (`## Decision` or `## Decision Outcome`), for the immutability check.
    public var decisionText: String?
    /// Line of the decision heading.
    public var decisionLine: Int?

    public init(path: String, number: Int?, title: String, format: Format, status: ADRStatus? = nil,
                statusLocation: SourceLocation? = nil, date: String? = nil, decisionMakers: [String] = [],
                chosenOption: String? = nil, relations: [ADRRelation] = [], decisionText: String? = nil,
                decisionLine: Int? = nil) {
        self.path = path
        self.number = number
        self.title = title
        self.format = format
        self.status = status
        self.statusLocation = statusLocation
        self.date = date
        self.decisionMakers = decisionMakers
        self.chosenOption = chosenOption
        self.relations = relations
        self.decisionText = decisionText
        self.decisionLine = decisionLine
    }

    /// `ADR-014`, or the file name when the record has no number.
    public var label: String {
        guard let number else { return path.split(separator: "/").last.map(String.init) ?? path }
        return "ADR-" + String(repeating: "0", count: max(0, 3 - String(number).count)) + String(number)
    }
}

/// The status of an ADR: the five common values, or whatever else was written, as written.
public enum ADRStatus: Hashable, Sendable, Codable, Comparable {
    case proposed, accepted, rejected, deprecated, superseded
    case other(String)

    public static let known: [ADRStatus] = [.proposed, .accepted, .rejected, .deprecated, .superseded]

    /// `accepted`, or the text as written for other values.
    public var name: String {
        switch self {
        case .proposed: "proposed"
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .deprecated: "deprecated"
        case .superseded: "superseded"
        case .other(let text): text
        }
    }

    private var rank: Int { ADRStatus.known.firstIndex(of: self) ?? ADRStatus.known.count }

    public static func < (lhs: ADRStatus, rhs: ADRStatus) -> Bool { (lhs.rank, lhs.name) < (rhs.rank, rhs.name) }
}

/// "Superseded by 16", "Amends 6", … as written in a record.
public struct ADRRelation: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case supersedes = "Supersedes"
        case supersededBy = "Superseded by"
        case amends = "Amends"
        case amendedBy = "Amended by"

        /// The same relation seen from the other record.
        public var inverse: Kind {
            switch self {
            case .supersedes: .supersededBy
            case .supersededBy: .supersedes
            case .amends: .amendedBy
            case .amendedBy: .amends
            }
        }
    }

    public var kind: Kind
    /// The number of the other record.
    public var target: Int?
    /// The link written, if any (`ADR-016-gitea-actions.md`).
    public var link: String?
    public var location: SourceLocation

    public init(kind: Kind, target: Int?, link: String? = nil, location: SourceLocation) {
        self.kind = kind
        self.target = target
        self.link = link
        self.location = location
    }
}
