import AlmanacModel
import Foundation

/// Turns every alert of every PrometheusRule into an `AlertEntry`, resolves its runbook, and
/// runs the alert checks (`alerts.missing-runbook`, `alerts.runbook-url-unresolved`).
enum AlertIndex {
    static func build(_ repository: Repository, runbooks: [KnowledgeBase.RunbookEntry]) -> ([AlertEntry], [Diagnostic]) {
        let names = Set(repository.alerts.map(\.name))
        let resolver = RunbookURLResolver(config: repository.config, documents: repository.documents, alertNames: names)
        let documents = Dictionary(repository.documents.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let texts = Dictionary(repository.files.compactMap { file in file.publishableText.map { (file.path, $0) } },
                               uniquingKeysWith: { first, _ in first })
        let services = Dictionary(repository.services.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let pageBase = repository.config.baseURL ?? ""
        var entries: [AlertEntry] = []
        var findings: [Diagnostic] = []
        let grouped = Dictionary(grouping: repository.alerts, by: \.name)
        for name in grouped.keys.sorted() {
            let rules = grouped[name]!.sorted { $0.location < $1.location }
            var runbook: AlertEntry.RunbookLink?
            var external: String?
            var definitions: [AlertEntry.Definition] = []
            for rule in rules {
                var problem: String?
                if let url = rule.runbookURL?.trimmingCharacters(in: .whitespaces), !url.isEmpty {
                    switch resolver.resolve(url, alert: name) {
                    case .document(let path, let anchor):
                        if runbook == nil {
                            let section = anchor.flatMap { anchor in sections(of: documents[path]).first { $0.anchor == anchor } }
                                ?? Runbook(path: path, title: "", sections: sections(of: documents[path])).section(about: name)
                            runbook = .init(path: path, anchor: section?.anchor, section: section?.text, source: .runbookURL)
                        }
                    case .alertPage: break
                    case .external: external = external ?? url
                    case .unresolved(let reason):
                        problem = reason
                        let page = pageBase.isEmpty ? "alerts/\(name)/" : "\(pageBase)alerts/\(name)/"
                        findings.append(Diagnostic(
                            id: "alerts.runbook-url-unresolved", severity: .error,
                            location: runbookURLLocation(rule, text: texts[rule.location.path]),
                            message: "runbook_url of alert \(name) leads nowhere: \(reason)",
                            note: "point it at an existing runbook, or at \(page), which always exists and leads to the runbook that covers the alert"))
                    }
                }
                definitions.append(.init(rule: rule, runbookURLProblem: problem))
            }
            if runbook == nil, let covering = runbooks.first(where: { $0.alertNames.contains(name) }) {
                let section = covering.runbook.section(about: name)
                runbook = .init(path: covering.runbook.path, anchor: section?.anchor, section: section?.text,
                                source: covering.runbook.alertsEvidence == .frontMatter ? .frontMatter : .text)
            }
            let serviceIDs = Array(Set(rules.compactMap(\.serviceID))).sorted()
            var related: [String] = []
            if runbook == nil && external == nil {
                related = relatedRunbooks(name: name, serviceIDs: serviceIDs, runbooks: runbooks, services: services)
                for rule in rules {
                    findings.append(Diagnostic(
                        id: "alerts.missing-runbook", severity: .warning, location: rule.location,
                        message: "alert \(name) has no runbook",
                        note: "write a runbook that lists \(name) under `alerts:` in its front matter (or has a heading named \(name)), and set runbook_url to \(pageBase)alerts/\(name)/"))
                }
            }
            entries.append(AlertEntry(name: name, definitions: definitions, serviceIDs: serviceIDs, runbook: runbook,
                                      externalRunbook: runbook == nil ? external : nil, relatedRunbooks: related))
        }
        return (entries, findings)
    }

    static func sections(of document: Document?) -> [Runbook.Section] {
        guard let document else { return [] }
        return RunbookReader.read(document, alertNames: [:], serviceNames: []).sections
    }

    /// The `runbook_url:` line of the rule, found in the file after its `- alert:` line.
    static func runbookURLLocation(_ rule: AlertRule, text: String?) -> SourceLocation {
        guard let text else { return rule.location }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var number = rule.location.line + 1
        while number <= lines.count {
            let line = lines[number - 1]
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("- alert:") { break }
            if let range = line.range(of: "runbook_url") {
                return SourceLocation(path: rule.location.path, line: number,
                                      column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
            number += 1
        }
        return rule.location
    }

    /// Runbooks worth reading when an alert has none: same service first, then runbooks for
    /// alerts that start with the same word (`Jellyfin…`), then the same category.
    static func relatedRunbooks(name: String, serviceIDs: [String], runbooks: [KnowledgeBase.RunbookEntry],
                                services: [String: Service]) -> [String] {
        let word = firstWord(name).lowercased()
        let categories = Set(serviceIDs.compactMap { services[$0]?.taxonomy.prefix(2).joined(separator: "/") })
        func rank(_ entry: KnowledgeBase.RunbookEntry) -> Int? {
            if !Set(entry.serviceIDs).isDisjoint(with: serviceIDs) { return 0 }
            if word.count >= 3, entry.alertNames.contains(where: { firstWord($0).lowercased() == word }) { return 1 }
            let theirs = Set(entry.serviceIDs.compactMap { services[$0]?.taxonomy.prefix(2).joined(separator: "/") })
            if !categories.isEmpty, !theirs.isDisjoint(with: categories) { return 2 }
            return nil
        }
        return runbooks.compactMap { entry in rank(entry).map { ($0, entry.runbook.path) } }
            .sorted { $0 < $1 }.prefix(5).map(\.1)
    }

    /// `JellyfinDown` → `Jellyfin`; `KubePodCrashLooping` → `Kube`.
    static func firstWord(_ name: String) -> String {
        var result = ""
        for character in name {
            if !result.isEmpty && (character.isUppercase || !character.isLetter) { break }
            result.append(character)
        }
        return result
    }
}
