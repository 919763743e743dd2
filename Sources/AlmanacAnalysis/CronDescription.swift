import Foundation
/// Cron expressions in words: `0 3 * * *` → "daily at 03:00".
///
/// Reads the five-field form, the six-field form with seconds first (CloudNativePG and other
/// robfig/cron users), the `@daily`-style macros and `@every <duration>`, `?` as `*` (Longhorn,
/// Quartz) and day and month names. Anything it cannot say plainly gives nil, and the page shows
/// the expression as written instead of a wrong sentence.
public enum CronDescription {
    private static let dayNames = ["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"]
    private static let dayAbbreviations = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                     "September", "October", "November", "December"]
    private static let monthAbbreviations = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The schedule in words, or nil when the expression is malformed or too irregular to say well.
    public static func describe(_ expression: String) -> String? {
        let text = expression.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("@") { return macro(text) }
        var fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0).lowercased() }
        if fields.count == 6 {
            // Seconds first: only a fixed second keeps the sentence honest.
            guard let second = Int(fields[0]), (0...59).contains(second) else { return nil }
            fields.removeFirst()
        }
        guard fields.count == 5 else { return nil }
        fields = fields.map { $0 == "?" ? "*" : $0 }
        guard let minute = Field(fields[0], range: 0...59),
              let hour = Field(fields[1], range: 0...23),
              let day = Field(fields[2], range: 1...31),
              let month = Field(fields[3], range: 1...12, names: monthAbbreviations, base: 1),
              let weekday = Field(fields[4], range: 0...7, names: dayAbbreviations, base: 0) else { return nil }
        guard let time = timeOfDay(minute: minute, hour: hour) else { return nil }
        return dates(day: day, month: month, weekday: weekday, time: time)
    }

    /// Roughly how often the schedule runs, in seconds, to rank backups by freshness; nil when unknown.
    public static func approximatePeriod(_ expression: String) -> Int? {
        let text = expression.trimmingCharacters(in: .whitespaces).lowercased()
        switch text.split(separator: " ").first {
        case "@hourly": return 3600
        case "@daily", "@midnight": return 86_400
        case "@weekly": return 604_800
        case "@monthly": return 2_592_000
        case "@yearly", "@annually": return 31_536_000
        case "@every": return text.split(separator: " ").dropFirst().first.flatMap { RetentionDescription.goDuration(String($0)) }
        default: break
        }
        var fields = text.split(separator: " ").map { String($0) == "?" ? "*" : String($0) }
        if fields.count == 6 { fields.removeFirst() }
        guard fields.count == 5, let minute = Field(fields[0], range: 0...59), let hour = Field(fields[1], range: 0...23),
              let day = Field(fields[2], range: 1...31), let weekday = Field(fields[4], range: 0...7, names: dayAbbreviations)
        else { return nil }
        func perUnit(_ field: Field, _ span: Int, _ whole: Int) -> Int {
            switch field {
            case .any: return whole
            case .values(let values): return values.count
            case .range(let from, let to): return to - from + 1
            case .step(let step, _): return max(span / step, 1)
            }
        }
        let runsPerHour = perUnit(minute, 60, 60)
        let runsPerDay = perUnit(hour, 24, 24) * runsPerHour
        var daysPerMonth = 30
        if weekday != .any { daysPerMonth = perUnit(weekday, 7, 7) * 30 / 7 }
        if day != .any { daysPerMonth = perUnit(day, 31, 31) }
        let runsPerMonth = runsPerDay * max(daysPerMonth, 1)
        return 2_592_000 / max(runsPerMonth, 1)
    }

    // MARK: Time of day

    /// "every minute", "every hour at :15", "at 03:00", "at 03:00 and 15:00" …
    private static func timeOfDay(minute: Field, hour: Field) -> TimePhrase? {
        switch (minute, hour) {
        case (.any, .any): return .recurring("every minute")
        case (.step(let step, let start), .any):
            return .recurring(start == 0 ? "every \(step) minutes" : "every \(step) minutes from :\(pad(start))")
        case (.values(let minutes), .any):
            return .recurring("every hour" + (minutes == [0] ? "" : " at " + list(minutes.map { ":" + pad($0) })))
        case (.values(let minutes), .step(let step, let start)) where minutes.count == 1:
            let at = minutes[0] == 0 ? "" : " at :\(pad(minutes[0]))"
            return .recurring("every \(step) hours\(at)" + (start == 0 ? "" : " from \(pad(start)):00"))
        case (.values(let minutes), .range(let from, let to)) where minutes.count == 1:
            let at = minutes[0] == 0 ? "" : " at :\(pad(minutes[0]))"
            return .recurring("every hour\(at) from \(pad(from)):\(pad(minutes[0])) to \(pad(to)):\(pad(minutes[0]))")
        case (.values(let minutes), .values(let hours)):
            let times = hours.flatMap { h in minutes.map { m in "\(pad(h)):\(pad(m))" } }
            guard times.count <= 6 else { return nil }
            return .at(list(times))
        case (.step(let step, let start), .values(let hours)) where hours.count == 1 && start == 0:
            return .recurring("every \(step) minutes from \(pad(hours[0])):00 to \(pad(hours[0])):59")
        default:
            return nil
        }
    }

    private enum TimePhrase {
        /// A fixed time of day: "03:00".
        case at(String)
        /// Several times a day: "every hour at :15".
        case recurring(String)
    }

    // MARK: Dates

    private static func dates(day: Field, month: Field, weekday: Field, time: TimePhrase) -> String? {
        let weekdays: String?
        switch weekday {
        case .any: weekdays = nil
        case .values(let days):
            let normalized = Array(Set(days.map { $0 % 7 })).sorted()
            weekdays = weekdayPhrase(normalized)
        case .range(let from, let to):
            weekdays = weekdayPhrase(Array(Set((from...to).map { $0 % 7 })).sorted())
        case .step: return nil
        }
        let days: String?
        switch day {
        case .any: days = nil
        case .values(let values): days = "the " + list(values.map(ordinal)) + " of the month"
        case .range(let from, let to): days = "days \(from)–\(to) of the month"
        case .step(let step, let start):
            days = "the " + list(stride(from: max(start, 1), through: 31, by: step).map(ordinal)) + " of the month"
        }
        let months: String?
        switch month {
        case .any: months = nil
        case .values(let values): months = list(values.map { monthNames[$0 - 1] })
        case .range(let from, let to): months = "\(monthNames[from - 1]) to \(monthNames[to - 1])"
        case .step(let step, let start): months = "every \(step) months from \(monthNames[max(start, 1) - 1])"
        }
        var when: String
        switch (days, weekdays) {
        case (nil, nil): when = ""
        case (let d?, nil): when = "on " + d
        case (nil, let w?): when = w
        // Cron runs when either field matches once both are restricted.
        case (let d?, let w?): when = "on \(d) and \(w)"
        }
        if let months { when += (when.isEmpty ? "in " : " in ") + months }
        switch time {
        case .at(let clock):
            if when.isEmpty { return "daily at \(clock)" }
            if days == nil, months == nil, let weekdays { return "\(weekdays) at \(clock)" }
            if weekdays == nil, months == nil, case .values(let values) = day, values.count == 1 {
                return "monthly on the \(ordinal(values[0])) at \(clock)"
            }
            if weekdays == nil, case .values(let dayValues) = day, dayValues.count == 1,
               case .values(let monthValues) = month, monthValues.count == 1 {
                return "yearly on \(dayValues[0]) \(monthNames[monthValues[0] - 1]) at \(clock)"
            }
            return "\(when) at \(clock)"
        case .recurring(let phrase):
            return when.isEmpty ? phrase : "\(phrase), \(when)"
        }
    }

    private static func weekdayPhrase(_ days: [Int]) -> String {
        if days == [1, 2, 3, 4, 5] { return "weekdays" }
        if days == [0, 6] { return "weekends" }
        if days.count == 7 { return "every day" }
        return list(days.map { dayNames[$0] })
    }

    // MARK: Macros

    private static func macro(_ text: String) -> String? {
        let parts = text.split(separator: " ")
        switch parts.first?.lowercased() {
        case "@yearly", "@annually": return "yearly on 1 January at 00:00"
        case "@monthly": return "monthly on the 1st at 00:00"
        case "@weekly": return "Sundays at 00:00"
        case "@daily", "@midnight": return "daily at 00:00"
        case "@hourly": return "every hour"
        case "@every":
            guard parts.count == 2, let duration = RetentionDescription.goDuration(String(parts[1])) else { return nil }
            return "every " + RetentionDescription.words(seconds: duration)
        default: return nil
        }
    }

    // MARK: Fields

    /// One cron field reduced to the shapes a sentence can say.
    enum Field: Equatable {
        case any
        case values([Int])
        case range(Int, Int)
        /// `*/n` (start = lower bound) or `a/n`.
        case step(Int, start: Int)

        init?(_ text: String, range: ClosedRange<Int>, names: [String] = [], base: Int = 0) {
            func number(_ token: Substring) -> Int? {
                if let value = Int(token) { return value }
                if token.count >= 3, token.allSatisfy(\.isLetter), let index = names.firstIndex(of: String(token.prefix(3))) {
                    return index + base
                }
                return nil
            }
            if text == "*" { self = .any; return }
            if text.contains("/") {
                let parts = text.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count == 2, let step = Int(parts[1]), step > 0 else { return nil }
                let start: Int
                if parts[0] == "*" { start = range.lowerBound } else if let value = number(parts[0]) { start = value } else { return nil }
                guard range.contains(start) else { return nil }
                if step == 1 { self = start == range.lowerBound ? .any : .range(start, range.upperBound); return }
                self = .step(step, start: start)
                return
            }
            if !text.contains(","), text.contains("-") {
                let parts = text.split(separator: "-")
                guard parts.count == 2, let from = number(parts[0]), let to = number(parts[1]),
                      range.contains(from), range.contains(to), from <= to else { return nil }
                self = from == to ? .values([from]) : .range(from, to)
                return
            }
            var values: [Int] = []
            for token in text.split(separator: ",", omittingEmptySubsequences: false) {
                if token.contains("-") {
                    let parts = token.split(separator: "-")
                    guard parts.count == 2, let from = number(parts[0]), let to = number(parts[1]),
                          range.contains(from), range.contains(to), from <= to else { return nil }
                    values += Array(from...to)
                } else {
                    guard let value = number(token), range.contains(value) else { return nil }
                    values.append(value)
                }
            }
            guard !values.isEmpty else { return nil }
            self = .values(Array(Set(values)).sorted())
        }
    }

    // MARK: Words

    static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func ordinal(_ value: Int) -> String {
        let suffix: String
        switch (value % 10, value % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(value)\(suffix)"
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }
}
