import AlmanacModel
import Foundation

extension KnowledgeBase {
    /// Reads every record, derives the reverse links, and runs the ADR checks.
    mutating func buildADRs(_ repository: Repository) {
        let records = repository.documents.filter(ADRParser.isRecord).sorted { $0.path < $1.path }
        // Each record is read and linked on its own, on all cores.
        let parsed = Parallel.map(records) { ADRParser.parse($0) }
        let byNumber = Dictionary(grouping: parsed.filter { $0.number != nil }) { $0.number! }
        let paths = Set(parsed.map(\.path))
        let recordsByPath = Dictionary(records.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let mentions = ServiceMentions(services: repository.services)
        @Sendable func path(of number: Int?) -> String? { number.flatMap { byNumber[$0]?.first?.path } }

        adrs = Parallel.map(parsed) { adr in
            var links: [ADRLink] = adr.relations.map {
                ADRLink(kind: $0.kind, number: $0.target, path: path(of: $0.target), derived: false)
            }
            for other in parsed where other.path != adr.path {
                for relation in other.relations where relation.target != nil && relation.target == adr.number {
                    let link = ADRLink(kind: relation.kind.inverse, number: other.number, path: other.path, derived: true)
                    if !links.contains(where: { $0.kind == link.kind && $0.number == link.number }) { links.append(link) }
                }
            }
            links.sort { ($0.kind.sortOrder, $0.number ?? Int.max) < ($1.kind.sortOrder, $1.number ?? Int.max) }
            let document = recordsByPath[adr.path]
            let linked = Set(links.compactMap(\.path))
            let references = Set((document?.links ?? []).compactMap { link in link.isImage ? nil : link.target.path })
                .filter { path in path != adr.path && !linked.contains(path) && paths.contains(path) }
            return ADREntry(adr: adr, links: links, serviceIDs: mentions.services(in: document?.body ?? ""),
                            references: references.sorted())
        }.sorted { ($0.adr.number ?? Int.max, $0.adr.path) < ($1.adr.number ?? Int.max, $1.adr.path) }
        indexEntries()

        findings += missingStatus()
        findings += duplicateNumbers(byNumber)
        findings += missingSuccessors()
        findings += unknownReferences(repository, numbers: Set(byNumber.keys))
        findings += changedAfterAcceptance(repository.adrRevisions)
    }

    private func missingStatus() -> [Diagnostic] {
        adrs.filter { $0.adr.status == nil }.map { entry in
            Diagnostic(id: "adr.missing-status", severity: .warning,
                       location: SourceLocation(path: entry.adr.path, line: 1, column: 1),
                       message: "\(entry.adr.label) '\(entry.adr.title)' has no status",
                       note: entry.adr.format == .madr
                           ? "add `status:` to the front matter: proposed, accepted, rejected, deprecated or superseded"
                           : "add a `## Status` section with one line: Proposed, Accepted, Rejected, Deprecated or Superseded by …")
        }
    }

    private func duplicateNumbers(_ byNumber: [Int: [ADR]]) -> [Diagnostic] {
        byNumber.keys.sorted().flatMap { number -> [Diagnostic] in
            let records = byNumber[number]!.sorted { $0.path < $1.path }
            guard let first = records.first, records.count > 1 else { return [] }
            return records.dropFirst().map { adr in
                Diagnostic(id: "adr.duplicate-number", severity: .warning,
                           location: SourceLocation(path: adr.path, line: 1, column: 1),
                           message: "\(adr.label) '\(adr.title)' has the same number as \(first.path)",
                           note: "give it the next free number; links and supersede chains name records by number")
            }
        }
    }

    /// Superseded records need a successor that exists: written ("Superseded by 16") or derived
    /// (another record says "Supersedes 14").
    private func missingSuccessors() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for entry in adrs {
            let adr = entry.adr
            let written = adr.relations.filter { $0.kind == .supersededBy }
            let missing = written.filter { $0.target != nil && path(ofNumber: $0.target!) == nil }
            for relation in missing {
                let label = ADR(path: "", number: relation.target, title: "", format: .nygard).label
                findings.append(Diagnostic(
                    id: "adr.missing-successor", severity: .warning, location: relation.location,
                    message: "\(adr.label) is superseded by \(label), which does not exist",
                    note: "write \(label) (with `Supersedes \(adr.number.map(String.init) ?? "…")`), or correct the number"))
            }
            let successors = entry.links.filter { $0.kind == .supersededBy && $0.path != nil }
            if adr.status == .superseded && successors.isEmpty && missing.isEmpty {
                findings.append(Diagnostic(
                    id: "adr.missing-successor", severity: .warning,
                    location: adr.statusLocation ?? SourceLocation(path: adr.path, line: 1, column: 1),
                    message: "\(adr.label) is superseded, but no record supersedes it",
                    note: "name the successor (`Superseded by [N. Title](…)`), or write `Supersedes` in the record that replaced it"))
            }
        }
        return findings
    }

    private func path(ofNumber number: Int) -> String? { adrs.first { $0.adr.number == number }?.adr.path }

    /// Links and `ADR-N` mentions in any document that name a record that does not exist. A
    /// missing successor is `adr.missing-successor` instead, never both.
    private func unknownReferences(_ repository: Repository, numbers: Set<Int>) -> [Diagnostic] {
        let adrFolders = Set(adrs.map { ($0.adr.path as NSString).deletingLastPathComponent })
        let documentPaths = Set(repository.documents.map(\.path))
        // Each document on its own (on all cores): a finding's location is in its own file, so
        // the repeats to drop are within one document.
        return Parallel.map(repository.documents.sorted(by: { $0.path < $1.path })) { document -> [Diagnostic] in
            var findings: [Diagnostic] = []
            var seen = Set<String>()
            func report(_ location: SourceLocation, number: Int?, what: String, from source: String) {
                let key = "\(location.line):\(number.map(String.init) ?? what)"
                guard seen.insert(key).inserted else { return }
                findings.append(Diagnostic(
                    id: "adr.unknown-reference", severity: .warning, location: location,
                    message: "\(source) refers to \(what), which does not exist",
                    note: "correct the number or link, or write the record"))
            }
            let source = adr(at: document.path)?.adr.label ?? document.path
            let relationLines = Set(adr(at: document.path)?.adr.relations
                .filter { $0.kind == .supersededBy }.map(\.location.line) ?? [])
            // Relations other than "superseded by" to records that do not exist.
            for relation in adr(at: document.path)?.adr.relations ?? [] where relation.kind != .supersededBy {
                if let target = relation.target, !numbers.contains(target) {
                    let label = ADR(path: "", number: target, title: "", format: .nygard).label
                    report(relation.location, number: target, what: "\(label) (\(relation.kind.rawValue.lowercased()))", from: source)
                }
            }
            // Links to record files that do not exist.
            for link in document.links where !link.isImage && !relationLines.contains(link.location.line) {
                guard let resolved = link.target.path, !documentPaths.contains(resolved),
                      resolved.lowercased().hasSuffix(".md") else { continue }
                // Only links to Markdown that is not there get the costlier checks.
                let targetFolder = (resolved as NSString).deletingLastPathComponent
                let folderNames = Set(targetFolder.lowercased().split(separator: "/").map(String.init))
                guard let number = ADRParser.number(fromFileName: resolved),
                      adrFolders.contains(targetFolder) || !folderNames.isDisjoint(with: ["decisions", "adr", "adrs"]) else { continue }
                report(link.location, number: number, what: "\((resolved as NSString).lastPathComponent)", from: source)
            }
            // Plain mentions (`ADR-016`) outside code; most documents have none, and skip the work.
            guard document.body.containsBytes("ADR") else { return findings }
            for line in MarkdownLines(document.body, firstLine: document.bodyLine).lines where !line.inFence
                && !relationLines.contains(line.number) && line.text.containsBytes("ADR") {
                let text = Self.withoutCodeAndLinkTargets(line.text)
                let range = NSRange(text.startIndex..., in: text)
                for match in ADRParser.adrMention.matches(in: text, range: range) {
                    guard let numberRange = Range(match.range(at: 1), in: text), let number = Int(text[numberRange]),
                          !numbers.contains(number) else { continue }
                    let label = ADR(path: "", number: number, title: "", format: .nygard).label
                    report(SourceLocation(path: document.path, line: line.number, column: 1), number: number, what: label, from: source)
                }
            }
            return findings
        }.flatMap { $0 }
    }

    /// A line without `code spans` and link targets `](…)`.
    static func withoutCodeAndLinkTargets(_ line: Substring) -> String {
        var result = ""
        var inCode = false
        var inTarget = false
        var previous: Character = " "
        for character in line {
            if character == "`" { inCode.toggle() }
            else if !inCode && character == "(" && previous == "]" { inTarget = true }
            else if inTarget && character == ")" { inTarget = false }
            else if !inCode && !inTarget { result.append(character) }
            previous = character
        }
        return result
    }

    /// ADRs are immutable: once a committed version is accepted, the decision text of the newest
    /// committed version must still be the same (whitespace aside). Status lines may change.
    private func changedAfterAcceptance(_ revisions: [FileVersion]) -> [Diagnostic] {
        guard !revisions.isEmpty else { return [] }
        let byPath = Dictionary(grouping: revisions, by: \.path)
        var findings: [Diagnostic] = []
        for entry in adrs {
            guard let history = byPath[entry.adr.path], history.count > 1 else { continue }
            let versions = history.map { revision in (revision, revision.text.map { ADRParser.parse(text: $0, path: revision.path) }) }
            guard let acceptedAt = versions.firstIndex(where: { $0.1?.status == .accepted }),
                  let accepted = versions[acceptedAt].1, let newest = versions.last?.1,
                  newest.decisionText != accepted.decisionText else { continue }
            let change = versions[(acceptedAt + 1)...].first { $0.1 != nil && $0.1?.decisionText != accepted.decisionText }?.0
            let acceptedRevision = versions[acceptedAt].0
            findings.append(Diagnostic(
                id: "adr.changed-after-acceptance", severity: .warning,
                location: SourceLocation(path: entry.adr.path, line: entry.adr.decisionLine ?? 1, column: 1),
                message: "\(entry.adr.label) was accepted in \(acceptedRevision.commit.prefix(7)) (\(acceptedRevision.date))"
                    + ", but its decision was changed later"
                    + (change.map { " in \($0.commit.prefix(7)) (\($0.date))" } ?? ""),
                note: "ADRs are immutable: restore the decision text and record the change in a new ADR that supersedes or amends this one"))
        }
        return findings
    }
}

extension ADRRelation.Kind {
    var sortOrder: Int { ADRRelation.Kind.allCases.firstIndex(of: self) ?? 0 }
}
