import AlmanacModel
import Foundation

/// Reads an ADR from a document, in either common format:
/// - Nygard / adr-tools: `# 12. Title`, `Date: …`, and a `## Status` section whose lines may say
///   "Superseded by [14. …](…)", "Supersedes …", "Amends …", "Amended by …";
/// - MADR: front matter `status`, `date`, `decision-makers` (or MADR 2's `* Status:` bullets),
///   "Decision Outcome" with `Chosen option: "…"`.
/// Records without any status are read too (the missing status is a finding, not a failure).
enum ADRParser {
    /// `ADR-014-drone-ci.md`, `0014-drone-ci.md`, `adr_14_x.md` → 14.
    static let numberedFile = try! NSRegularExpression(pattern: #"^(?:adr[-_ ]?)?0*(\d{1,5})(?:[-_ .]|$)"#,
                                                       options: [.caseInsensitive])
    /// `12. Title`, `ADR-012: Title`, `ADR 12 - Title`.
    static let numberedTitle = try! NSRegularExpression(pattern: #"^(?:ADR[-_ ]?)?0*(\d{1,5})\s*[.:\-–—)]\s*(.+)$"#,
                                                        options: [.caseInsensitive])
    static let adrMention = try! NSRegularExpression(pattern: #"\bADR[-_ ]?0*(\d{1,5})\b"#, options: [])
    static let chosenOption = try! NSRegularExpression(
        pattern: #"\b(?:chosen|proposed|selected) option\s*:?\s*["“]([^"”]+)["”]"#, options: [.caseInsensitive])
    static let headerField = try! NSRegularExpression(
        pattern: #"^\s*(?:[*+-]\s+)?(?:\*\*|__)?(status|date|deciders|decision[- ]makers)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*)$"#,
        options: [.caseInsensitive])
    static let link = try! NSRegularExpression(pattern: #"\[([^\]]*)\]\(([^)\s]*)[^)]*\)"#, options: [])

    /// Documents that are records: numbered files in a decisions folder, templates excepted.
    static func isRecord(_ document: Document) -> Bool {
        guard document.kind == .adr else { return false }
        let file = (document.path as NSString).lastPathComponent.lowercased()
        return !file.contains("template")
    }

    /// The number in a file name, if it is numbered like an ADR.
    static func number(fromFileName path: String) -> Int? {
        let file = (path as NSString).lastPathComponent
        return firstCapture(numberedFile, in: file).flatMap { Int($0) }
    }

    static func parse(_ document: Document) -> ADR {
        let markdown = MarkdownLines(document.body, firstLine: document.bodyLine)
        let path = document.path
        func at(_ line: Int) -> SourceLocation { SourceLocation(path: path, line: line, column: 1) }

        // Title and number.
        var title = document.frontMatter["title"]?.text ?? document.title
        var titleNumber: Int?
        if let heading = markdown.headings.first(where: { $0.level == 1 }) {
            title = MarkdownLines.plain(heading.text)
        }
        if let match = captures(numberedTitle, in: title), match.count == 2 {
            titleNumber = Int(match[0])
            title = match[1].trimmingCharacters(in: .whitespaces)
        }
        let number = number(fromFileName: path) ?? titleNumber

        // Front matter (MADR).
        var status: ADRStatus?
        var statusLocation: SourceLocation?
        var relations: [ADRRelation] = []
        var date = document.frontMatter["date"]?.text
        var makers = ((document.frontMatter["decision-makers"] ?? document.frontMatter["deciders"])?.list ?? [])
            .flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        if let entry = document.frontMatter.entries.first(where: { $0.key == "status" }) {
            (status, relations) = statusValue(entry.value.text, from: path, at: at(entry.line))
            statusLocation = at(entry.line)
        }
        let headingTexts = markdown.headings.map { MarkdownLines.plain($0.text).lowercased() }
        let isMADR = ["status", "date", "decision-makers", "deciders"].contains { document.frontMatter[$0] != nil }
            || headingTexts.contains { ["decision outcome", "considered options", "context and problem statement"].contains($0) }

        // Header fields (`Date:`, MADR 2 bullets) before the first section, and the Status section.
        let firstSection = markdown.headings.first { $0.level >= 2 }?.index ?? markdown.lines.count
        var statusLines: [MarkdownLines.Line] = []
        if let index = markdown.firstHeading(where: { $0.lowercased() == "status" }) {
            statusLines = Array(markdown.section(index).filter { !$0.inFence })
        }
        for line in markdown.lines[..<firstSection].filter({ !$0.inFence }) + statusLines {
            guard let field = captures(headerField, in: String(line.text)), field.count == 2 else { continue }
            let value = field[1].trimmingCharacters(in: .whitespaces)
            switch field[0].lowercased() {
            case "status" where status == nil && !value.isEmpty:
                (status, relations) = statusValue(value, from: path, at: at(line.number))
                statusLocation = at(line.number)
            case "date" where date == nil: date = value
            case "deciders", "decision makers", "decision-makers":
                if makers.isEmpty { makers = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            default: break
            }
        }
        if status == nil, let first = statusLines.first(where: { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }),
           captures(headerField, in: String(first.text)) == nil {
            (status, _) = statusValue(String(first.text), from: path, at: at(first.number))
            statusLocation = at(first.number)
        }

        // Relations written as lines anywhere outside code ("Superseded by …", "Amends …").
        for line in markdown.lines where !line.inFence {
            if let relation = relation(in: line.text, from: path, at: at(line.number)),
               !relations.contains(where: { $0.location.line == line.number && $0.kind == relation.kind }) {
                relations.append(relation)
            }
        }

        // Decision text and chosen option.
        var decisionText: String?
        var decisionLine: Int?
        var chosen: String?
        if let index = markdown.headings.firstIndex(where: {
            $0.level <= 2 && ["decision", "decisions", "decision outcome"].contains(MarkdownLines.plain($0.text).lowercased())
        }) {
            let section = markdown.section(index)
            decisionLine = markdown.headings[index].number
            decisionText = section.map { String($0.text) }.joined(separator: "\n")
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for line in section where !line.inFence {
                if let option = firstCapture(chosenOption, in: String(line.text)) { chosen = option; break }
            }
        }
        return ADR(path: path, number: number, title: title, format: isMADR ? .madr : .nygard, status: status,
                   statusLocation: statusLocation, date: date?.nonEmptyText, decisionMakers: makers.filter { !$0.isEmpty },
                   chosenOption: chosen, relations: relations, decisionText: decisionText, decisionLine: decisionLine)
    }

    /// Reads a committed version of a record (plain `key: value` front matter is enough for the
    /// status and date).
    static func parse(text: String, path: String) -> ADR {
        // Lines split at line feeds in the bytes ("\r\n" is one Character), without a trailing "\r".
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes in
            let line = Substring(bytes)
            return line.hasSuffix("\r") ? line.dropLast() : line
        }
        var entries: [FrontMatter.Entry] = []
        var bodyLine = 1
        if lines.first == "---", let end = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) {
            for (offset, line) in lines[1..<end].enumerated() {
                guard let colon = line.firstIndex(of: ":"), !line.hasPrefix(" "), !line.hasPrefix("-") else { continue }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                entries.append(FrontMatter.Entry(key: key, value: .string(value), line: offset + 2))
            }
            bodyLine = end + 2
            lines = Array(lines[(end + 1)...])
        }
        let document = Document(path: path, kind: .adr, title: "", frontMatter: FrontMatter(entries: entries),
                                body: lines.joined(separator: "\n"), bodyLine: bodyLine)
        return parse(document)
    }

    /// A status as written (`Accepted`, `superseded by [ADR-016](…)`) → normalized status and
    /// any relation it names.
    static func statusValue(_ text: String, from path: String, at location: SourceLocation) -> (ADRStatus?, [ADRRelation]) {
        var plain = MarkdownLines.plain(text).trimmingCharacters(in: CharacterSet(charactersIn: " ._"))
        if plain.hasPrefix("[") && plain.hasSuffix("]") { plain = String(plain.dropFirst().dropLast()) }
        guard !plain.isEmpty else { return (nil, []) }
        let lower = plain.lowercased()
        let relations = relation(in: Substring(text), from: path, at: location).map { [$0] } ?? []
        if lower.hasPrefix("superseded") { return (.superseded, relations) }
        for status in ADRStatus.known {
            let name = status.name
            if lower == name || (lower.hasPrefix(name) && !(lower.dropFirst(name.count).first.map { $0.isLetter || $0 == "-" } ?? false)) {
                return (status, relations)
            }
        }
        return (.other(plain), relations)
    }

    /// "Superseded by [16. Title](ADR-016-x.md)" → relation to 16.
    static func relation(in line: Substring, from path: String, at location: SourceLocation) -> ADRRelation? {
        var text = line.trimmingCharacters(in: .whitespaces)
        for bullet in ["* ", "- ", "+ ", "> "] where text.hasPrefix(bullet) { text = String(text.dropFirst(2)) }
        text = text.filter { $0 != "*" }
        let lower = text.lowercased()
        let kinds: [(String, ADRRelation.Kind)] = [("superseded by", .supersededBy), ("supersedes", .supersedes),
                                                   ("amended by", .amendedBy), ("amends", .amends)]
        guard let (phrase, kind) = kinds.first(where: { lower.hasPrefix($0.0) }) else { return nil }
        let rest = String(text.dropFirst(phrase.count))
        var target: Int?
        var linkURL: String?
        if let match = captures(link, in: rest), match.count == 2 {
            linkURL = match[1]
            let file = match[1].split(separator: "#").first.map(String.init) ?? ""
            target = number(fromFileName: file) ?? captures(numberedTitle, in: match[0]).flatMap { Int($0[0]) }
                ?? firstCapture(adrMention, in: match[0]).flatMap { Int($0) }
        }
        if target == nil {
            target = firstCapture(adrMention, in: rest).flatMap { Int($0) }
                ?? firstCapture(try! NSRegularExpression(pattern: #"^\s*:?\s*#?0*(\d{1,5})\b"#), in: rest).flatMap { Int($0) }
        }
        return ADRRelation(kind: kind, target: target, link: linkURL, location: location)
    }

    static func captures(_ regex: NSRegularExpression, in text: String) -> [String]? {
        let range = NSRange(text.startIndex..., in: text)
        guard let match = regex.firstMatch(in: text, range: range) else { return nil }
        return (1..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }

    static func firstCapture(_ regex: NSRegularExpression, in text: String) -> String? {
        captures(regex, in: text)?.first
    }
}

extension String {
    var nonEmptyText: String? {
        let trimmed = trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}
