import AlmanacModel
import Foundation

extension ConfigLoader {
    static let runbookKeys = ["url_prefixes", "max_review_age_days", "reference_date"]

    /// `runbooks:` — where runbook URLs of upstream sites have local copies, and how old a review may be.
    static func runbookSettings(_ node: YAMLNode, into config: inout SiteConfig, displayPath: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func problem(_ message: String, line: Int, column: Int = 1, id: String = "config.invalid") {
            diagnostics.append(Diagnostic(id: id, severity: .error,
                                          location: SourceLocation(path: displayPath, line: line, column: column),
                                          message: message))
        }
        guard node.isMapping else {
            problem("runbooks must be a mapping (url_prefixes, max_review_age_days, reference_date)", line: node.line)
            return diagnostics
        }
        for entry in node.pairs {
            switch entry.key {
            case "url_prefixes":
                guard entry.value.isMapping else {
                    problem("runbooks.url_prefixes must map URL prefixes to repo folders", line: entry.value.line)
                    continue
                }
                for mapping in entry.value.pairs {
                    guard let folder = mapping.value.string, !folder.isEmpty else {
                        problem("runbooks.url_prefixes['\(mapping.key)'] must be a repo folder", line: mapping.keyLine)
                        continue
                    }
                    config.runbookURLPrefixes[mapping.key] = folder
                }
            case "max_review_age_days":
                if let days = entry.value.int, days > 0 { config.runbookMaxReviewAgeDays = days }
                else { problem("runbooks.max_review_age_days must be a positive number of days", line: entry.value.line) }
            case "reference_date":
                if let text = entry.value.string, CalendarDay.parse(text) != nil { config.referenceDate = text }
                else { problem("runbooks.reference_date must be a date like 2026-01-31", line: entry.value.line) }
            default:
                problem("unknown key 'runbooks.\(entry.key)' (known: \(runbookKeys.joined(separator: ", ")))",
                        line: entry.keyLine, id: "config.unknown-key")
            }
        }
        return diagnostics
    }
}
