import AlmanacModel
import Foundation

/// Reads a runbook: its front matter (`alerts`, `services`, `severity`, `owner`, `last_reviewed`)
/// and, where the front matter is silent, what its headings, title and path say.
enum RunbookReader {
    /// Front matter keys compared loosely (`last_reviewed`, `last-reviewed`, `lastReviewed`).
    static let alertKeys: Set<String> = ["alerts", "alert"]
    static let serviceKeys: Set<String> = ["services", "service"]
    static let reviewKeys: Set<String> = ["lastreviewed", "reviewed", "reviewedon", "lastreview", "reviewdate"]

    /// - Parameters:
    ///   - alertNames: every defined alert, by its loose name (for headings and file names).
    ///   - serviceNames: every service name (for the path and title).
    static func read(_ document: Document, alertNames: [String: String], serviceNames: Set<String>) -> Runbook {
        var runbook = Runbook(path: document.path, title: document.title)
        var alertsWritten: [String]?
        var servicesWritten: [String]?
        for entry in document.frontMatter.entries {
            let key = MarkdownLines.loose(entry.key)
            if alertKeys.contains(key) { alertsWritten = entry.value.list; runbook.lines["alerts"] = entry.line }
            else if serviceKeys.contains(key) { servicesWritten = entry.value.list; runbook.lines["services"] = entry.line }
            else if key == "severity" { runbook.severity = entry.value.text.nonEmptyText }
            else if key == "owner" || key == "owners" { runbook.owner = entry.value.text.nonEmptyText }
            else if reviewKeys.contains(key) {
                runbook.lastReviewed = entry.value.text.nonEmptyText
                runbook.lines["last_reviewed"] = entry.line
            }
        }
        let markdown = MarkdownLines(document.body, firstLine: document.bodyLine)
        let texts = markdown.headings.map(\.text)
        let anchors = document.anchors.count == texts.count ? document.anchors : MarkdownLines.anchors(for: texts)
        runbook.sections = zip(markdown.headings, anchors).map { heading, anchor in
            Runbook.Section(level: heading.level, text: MarkdownLines.plain(heading.text), anchor: anchor, line: heading.number)
        }
        let stem = ((document.path as NSString).lastPathComponent as NSString).deletingPathExtension
        if let alertsWritten {
            runbook.alerts = alertsWritten.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            runbook.alertsEvidence = .frontMatter
        } else {
            var found: [String] = []
            for candidate in [stem] + runbook.sections.map(\.text) {
                if let name = alertName(in: candidate, alertNames: alertNames), !found.contains(name) { found.append(name) }
            }
            runbook.alerts = found
        }
        if let servicesWritten {
            runbook.services = servicesWritten.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            runbook.servicesEvidence = .frontMatter
        } else {
            let words = (stem + " " + document.title).lowercased()
                .split { !($0.isLetter || $0.isNumber) }.map(String.init)
            runbook.services = serviceNames.filter { name in
                let parts = name.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
                guard !parts.isEmpty, parts.count <= words.count else { return false }
                return (0...(words.count - parts.count)).contains { Array(words[$0..<($0 + parts.count)]) == parts }
            }.sorted()
        }
        return runbook
    }

    /// The defined alert a heading or file name names: the whole text, or its first word
    /// (`NodeDown: a node is gone`), compared loosely.
    static func alertName(in text: String, alertNames: [String: String]) -> String? {
        if let name = alertNames[MarkdownLines.loose(text)] { return name }
        let first = text.split { $0 == " " || $0 == ":" || $0 == "(" || $0 == "—" || $0 == "–" }.first.map(String.init) ?? ""
        return alertNames[MarkdownLines.loose(first)]
    }
}

extension Runbook {
    /// The section about `alert`: a heading named exactly after it (case aside), else one that
    /// starts with its name (`NodeDown: a node is gone`), else one that matches loosely
    /// (`Node down`). Earlier headings win within each kind.
    public func section(about alert: String) -> Section? {
        let lower = alert.lowercased()
        let loose = MarkdownLines.loose(alert)
        func firstWord(_ text: String) -> String {
            text.split { $0 == " " || $0 == ":" || $0 == "(" }.first.map(String.init) ?? ""
        }
        return sections.first { $0.text.lowercased() == lower }
            ?? sections.first { firstWord($0.text).lowercased() == lower }
            ?? sections.first { MarkdownLines.loose($0.text) == loose }
    }
}
