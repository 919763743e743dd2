/// The newest commit that changed a file, read from git history.
public struct FileRevision: Hashable, Sendable, Codable {
    /// Full commit hash.
    public var commit: String
    /// Author date in strict ISO 8601, as committed (`2026-11-26T09:14:03+01:00`).
    public var date: String
    /// Author name (after `.mailmap`).
    public var author: String

    public init(commit: String, date: String, author: String) {
        self.commit = commit
        self.date = date
        self.author = author
    }

    /// The calendar day of `date`, in the author's time zone (`2026-11-26`).
    public var day: String { String(date.prefix(10)) }

    /// The newest of several revisions (by date, then hash so ties stay deterministic).
    public static func newest<S: Sequence>(_ revisions: S) -> FileRevision? where S.Element == FileRevision {
        revisions.max { ($0.instant, $0.commit) < ($1.instant, $1.commit) }
    }

    /// Seconds since 1970 from `date`, for comparing dates written in different time zones.
    var instant: Double { FileRevision.seconds(date) ?? 0 }

    static func seconds(_ iso: String) -> Double? {
        // yyyy-MM-ddTHH:mm:ss±HH:MM or …Z
        let characters = Array(iso)
        guard characters.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(characters[range])) }
        guard let year = number(0..<4), let month = number(5..<7), let dayOfMonth = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var offset = 0
        if characters.count >= 25, characters[19] == "+" || characters[19] == "-",
           let zoneHours = number(20..<22), let zoneMinutes = number(23..<25) {
            offset = (zoneHours * 3600 + zoneMinutes * 60) * (characters[19] == "-" ? -1 : 1)
        }
        // Days from the civil date (Howard Hinnant's algorithm), so no calendar or clock is involved.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + dayOfMonth - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146097 + dayOfEra - 719468
        return Double(days * 86400 + hour * 3600 + minute * 60 + second - offset)
    }
}
