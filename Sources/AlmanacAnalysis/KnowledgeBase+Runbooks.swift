import AlmanacModel
import Foundation

extension KnowledgeBase {
    /// Reads every runbook, matches it to services and alerts, and runs the runbook checks.
    mutating func buildRunbooks(_ repository: Repository) {
        let alertNames = Self.looseAlertNames(repository.alerts)
        let serviceNames = Set(repository.services.map(\.name))
        var servicesByName: [String: [String]] = [:]
        for service in repository.services {
            servicesByName[service.name.lowercased(), default: []].append(service.id)
            servicesByName[service.id.lowercased(), default: []].append(service.id)
        }
        let texts = Dictionary(repository.files.compactMap { file in file.publishableText.map { (file.path, $0) } },
                               uniquingKeysWith: { first, _ in first })
        let today = referenceDate.flatMap(CalendarDay.parse)
        let maxAge = repository.config.runbookMaxReviewAgeDays
        for document in repository.documents.filter({ $0.kind == .runbook }).sorted(by: { $0.path < $1.path }) {
            let runbook = RunbookReader.read(document, alertNames: alertNames, serviceNames: serviceNames)
            var serviceIDs = Set<String>()
            for name in runbook.services {
                if let ids = servicesByName[name.lowercased()] { serviceIDs.formUnion(ids); continue }
                findings.append(Diagnostic(
                    id: "runbooks.unknown-service", severity: .warning,
                    location: Self.itemLocation(name, key: "services", in: runbook, text: texts[runbook.path]),
                    message: "runbook '\(runbook.title)' names service '\(name)', which does not exist",
                    note: "use the name of a service folder (\(Self.suggestion(for: name, among: serviceNames)))"))
            }
            var covered: [String] = []
            var unknown: [String] = []
            for name in runbook.alerts {
                if let defined = alertNames[MarkdownLines.loose(name)] {
                    if !covered.contains(defined) { covered.append(defined) }
                    continue
                }
                unknown.append(name)
                findings.append(Diagnostic(
                    id: "runbooks.unknown-alert", severity: .warning,
                    location: Self.itemLocation(name, key: "alerts", in: runbook, text: texts[runbook.path]),
                    message: "runbook '\(runbook.title)' covers alert '\(name)', which no PrometheusRule defines",
                    note: "remove it from `alerts:`, correct the name, or add the alert rule"))
            }
            var age: Int?
            var stale = false
            if let written = runbook.lastReviewed {
                let location = SourceLocation(path: runbook.path, line: runbook.lines["last_reviewed"] ?? 1, column: 1)
                if let reviewed = CalendarDay.parse(written) {
                    if let today {
                        age = today - reviewed
                        stale = today - reviewed > maxAge
                        if stale {
                            findings.append(Diagnostic(
                                id: "runbooks.stale", severity: .warning, location: location,
                                message: "runbook '\(runbook.title)' was last reviewed on \(written), \(today - reviewed) days before \(referenceDate!) (limit \(maxAge) days)",
                                note: "walk through it against the cluster as it is today, fix what changed, and update last_reviewed"))
                        }
                    }
                } else {
                    findings.append(Diagnostic(
                        id: "runbooks.stale", severity: .warning, location: location,
                        message: "runbook '\(runbook.title)' has last_reviewed '\(written)', which is not a date",
                        note: "write the date of the last review as YYYY-MM-DD"))
                }
            }
            runbooks.append(RunbookEntry(runbook: runbook, serviceIDs: serviceIDs.sorted(), alertNames: covered.sorted(),
                                         unknownAlerts: unknown, reviewAgeDays: age, isStale: stale))
        }
        indexEntries()
    }

    /// Defined alert names by their loose form (`jellyfindown` → `JellyfinDown`); the first name
    /// in sorted order wins when two differ only in case.
    static func looseAlertNames(_ alerts: [AlertRule]) -> [String: String] {
        var result: [String: String] = [:]
        for name in Set(alerts.map(\.name)).sorted() where result[MarkdownLines.loose(name)] == nil {
            result[MarkdownLines.loose(name)] = name
        }
        return result
    }

    /// The line of a front matter list item: the first line at or after the key that names it.
    static func itemLocation(_ item: String, key: String, in runbook: Runbook, text: String?) -> SourceLocation {
        let keyLine = runbook.lines[key] ?? 1
        if let text {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for number in keyLine...max(keyLine, lines.count) where number - 1 < lines.count {
                let line = lines[number - 1]
                if let range = line.range(of: item) {
                    return SourceLocation(path: runbook.path, line: number, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
                }
                if number > keyLine && line == "---" { break }
            }
        }
        return SourceLocation(path: runbook.path, line: keyLine, column: 1)
    }

    /// "did you mean …" for a misspelt service name, or a pointer to the catalog.
    static func suggestion(for name: String, among names: Set<String>) -> String {
        let loose = MarkdownLines.loose(name)
        if let close = names.sorted().first(where: { MarkdownLines.loose($0) == loose || MarkdownLines.loose($0).hasPrefix(loose) }) {
            return "did you mean '\(close)'?"
        }
        return "see the service catalog"
    }
}

extension KnowledgeBase {
    /// Every alert, with the runbook section its page leads to.
    mutating func buildAlerts(_ repository: Repository) {
        let (entries, alertFindings) = AlertIndex.build(repository, runbooks: runbooks)
        alerts = entries
        findings += alertFindings
        indexEntries()
    }
}
