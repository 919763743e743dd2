/// How bad a finding is. Ordered so that `.error > .warning > .note`.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding about the repository, printed like a compiler diagnostic.
///
/// `id` is a stable dotted check id (`backup.stateful-without-backup`) that configuration and
/// exemptions refer to.
public struct Diagnostic: Hashable, Sendable, Codable, Comparable {
    public var id: String
    public var severity: Severity
    public var location: SourceLocation?
    public var message: String
    public var note: String?

    public init(id: String, severity: Severity, location: SourceLocation?, message: String, note: String? = nil) {
        self.id = id
        self.severity = severity
        self.location = location
        self.message = message
        self.note = note
    }

    /// `path:line:col: severity: message [id]`, the format editors and CI annotate from.
    public var formatted: String {
        let place = location.map { "\($0.path):\($0.line):\($0.column): " } ?? ""
        return "\(place)\(severity.rawValue): \(message) [\(id)]"
    }

    /// Diagnostics sort by place first so that output reads like a compiler's.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        let l = lhs.location ?? SourceLocation(path: "", line: 0, column: 0)
        let r = rhs.location ?? SourceLocation(path: "", line: 0, column: 0)
        if l != r { return l < r }
        if lhs.id != rhs.id { return lhs.id < rhs.id }
        return lhs.message < rhs.message
    }
}

extension Array where Element == Diagnostic {
    /// Count per severity, for summaries.
    public func count(of severity: Severity) -> Int { filter { $0.severity == severity }.count }
}
