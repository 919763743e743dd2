import Foundation
import AlmanacModel

/// Retention as written by each backup tool, in words: Velero `ttl: 720h0m0s` → "30 days",
/// Longhorn `retain: 14` → "last 14 backups", VolSync `retain` → "6 hourly, 7 daily, 4 weekly",
/// CloudNativePG `retentionPolicy: 30d` → "30 days", k8up/kopiur `keepLast: 5, keepDaily: 14` → "last 5, 14 daily".
public enum RetentionDescription {
    /// The retention of a policy in words, or nil when it has none (the tool's default applies).
    public static func describe(_ policy: BackupPolicy) -> String? {
        guard let text = policy.retention?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        switch policy.mechanism {
        case .velero:
            return goDuration(text).map { words(seconds: $0) } ?? text
        case .longhorn:
            let count = text.hasPrefix("keep ") ? String(text.dropFirst(5)) : text
            guard let number = Int(count) else { return text }
            let noun = (policy.task ?? "").hasPrefix("snapshot") ? "snapshot" : "backup"
            return number == 1 ? "last \(noun) only" : "last \(number) \(noun)s"
        case .volsync:
            // Decoded as "hourly 6, daily 7"; say "6 hourly, 7 daily".
            let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let phrases = parts.map { part -> String in
                let words = part.split(separator: " ")
                guard words.count == 2 else { return part }
                return "\(words[1]) \(words[0])"
            }
            return phrases.joined(separator: ", ")
        case .cnpg:
            return cnpgPolicy(text) ?? text
        case .k8up, .kopiur:
            return keepCounts(text)
        }
    }

    /// k8up and kopiur `keep*` counts, decoded as "keepLast 5, keepDaily 14": say "last 5, 14 daily".
    static func keepCounts(_ text: String) -> String {
        let names = ["Last": "last", "Latest": "latest", "Hourly": "hourly", "Daily": "daily", "Weekly": "weekly",
                     "Monthly": "monthly", "Yearly": "yearly", "Annual": "yearly"]
        return text.split(separator: ",").map { part -> String in
            let words = part.trimmingCharacters(in: .whitespaces).split(separator: " ")
            guard words.count == 2, words[0].hasPrefix("keep"), let name = names[String(words[0].dropFirst(4))] else {
                return part.trimmingCharacters(in: .whitespaces)
            }
            return name == "last" || name == "latest" ? "\(name) \(words[1])" : "\(words[1]) \(name)"
        }.joined(separator: ", ")
    }

    /// Seconds in a Go duration (`720h0m0s`, `1h30m`, `90s`), nil when it does not parse.
    public static func goDuration(_ text: String) -> Int? {
        var total = 0.0
        var number = ""
        var sawUnit = false
        let characters = Array(text)
        if characters.isEmpty { return nil }
        if text == "0" { return 0 }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isNumber || character == "." {
                number.append(character)
                index += 1
                continue
            }
            var unit = String(character)
            if character == "m", index + 1 < characters.count, characters[index + 1] == "s" {
                unit = "ms"
                index += 1
            }
            guard let value = Double(number) else { return nil }
            let factor: Double
            switch unit {
            case "h": factor = 3600
            case "m": factor = 60
            case "s": factor = 1
            case "ms": factor = 0.001
            default: return nil
            }
            total += value * factor
            number = ""
            sawUnit = true
            index += 1
        }
        guard number.isEmpty, sawUnit else { return nil }
        return Int(total.rounded())
    }

    /// CloudNativePG retention: a number and `d`, `w` or `m` (months).
    static func cnpgPolicy(_ text: String) -> String? {
        guard let unit = text.last, let value = Int(text.dropLast()) else { return nil }
        switch unit {
        case "d": return plural(value, "day")
        case "w": return plural(value, "week")
        case "m": return plural(value, "month")
        default: return nil
        }
    }

    /// "30 days", "2 days", "36 hours", "90 minutes": whole days when the duration is a
    /// multiple of a day, then hours, then minutes.
    public static func words(seconds: Int) -> String {
        if seconds >= 86_400, seconds % 86_400 == 0 {
            let days = seconds / 86_400
            if days % 7 == 0, days < 28 { return plural(days / 7, "week") }
            return plural(days, "day")
        }
        if seconds >= 3600, seconds % 3600 == 0 { return plural(seconds / 3600, "hour") }
        if seconds >= 3600 {
            return plural(seconds / 3600, "hour") + " " + plural((seconds % 3600) / 60, "minute")
        }
        if seconds >= 60, seconds % 60 == 0 { return plural(seconds / 60, "minute") }
        return plural(seconds, "second")
    }

    static func plural(_ value: Int, _ noun: String) -> String { value == 1 ? "1 \(noun)" : "\(value) \(noun)s" }
}
