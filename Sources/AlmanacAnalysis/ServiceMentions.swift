import AlmanacModel
import Foundation

/// Finds the services a document talks about: service names as whole words (`cert-manager`,
/// `Home Assistant` for home-assistant, `CloudNativePG` for cloudnative-pg) and paths to their
/// folders. A name that is a plain lower-case word (`glance`, `homepage`, `ghost`) only counts
/// when it is written like a name — capitalised, in code, or in a path or host name — so prose
/// such as "at a glance" does not link a service.
struct ServiceMentions {
    /// Loose form (lower case, no separators) → service ids.
    private let byLooseName: [String: [String]]
    /// Names that need a name-like spelling in prose.
    private let plainWords: Set<String>
    private let longestName: Int

    init(services: [Service]) {
        var byName: [String: [String]] = [:]
        var plain = Set<String>()
        var longest = 1
        for service in services {
            let parts = service.name.lowercased().split { !($0.isLetter || $0.isNumber) }
            guard !parts.isEmpty else { continue }
            byName[parts.joined(), default: []].append(service.id)
            if parts.count == 1, service.name.allSatisfy(\.isLetter) { plain.insert(parts.joined()) }
            longest = max(longest, parts.count)
        }
        byLooseName = byName.mapValues { $0.sorted() }
        plainWords = plain
        longestName = longest
    }

    /// Service ids mentioned in `body`, sorted.
    func services(in body: String) -> [String] {
        var found = Set<String>()
        var inFence = false
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle(); continue }
            scan(line, inCode: inFence, into: &found)
        }
        return found.sorted()
    }

    private struct Token {
        var text: Substring
        var codeLike: Bool
    }

    private func scan(_ line: Substring, inCode: Bool, into found: inout Set<String>) {
        // Tokens of letters, digits and hyphens; a token is code-like inside backticks, in a link
        // target, or next to `/` or `.` (paths, hosts, images).
        var tokens: [Token] = []
        var inBackticks = false
        var inLinkTarget = false
        var current = ""[...]
        var start = line.startIndex
        var previous: Character = " "
        func close(_ index: Substring.Index, next: Character) {
            guard !current.isEmpty else { return }
            let code = inCode || inBackticks || inLinkTarget || previous == "/" || previous == "." || next == "/"
                || (next == "." && line[index...].dropFirst().first?.isLetter == true)
            tokens.append(Token(text: current, codeLike: code))
            current = ""[...]
        }
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character.isLetter || character.isNumber || character == "-" || character == "_" {
                if current.isEmpty { start = index; previous = index > line.startIndex ? line[line.index(before: index)] : " " }
                current = line[start...index]
            } else {
                close(index, next: character)
                if character == "`" { inBackticks.toggle() }
                if character == "(", index > line.startIndex, line[line.index(before: index)] == "]" { inLinkTarget = true }
                if character == ")" { inLinkTarget = false }
            }
            index = line.index(after: index)
        }
        close(line.endIndex, next: " ")
        for (offset, token) in tokens.enumerated() {
            // The token itself (`cert-manager`, `CloudNativePG`) and runs of words (`Home Assistant`).
            var run = ""
            for length in 1...longestName where offset + length <= tokens.count {
                let next = tokens[offset + length - 1]
                if length > 1 && next.text.contains("-") { break }
                run += next.text.lowercased().filter { $0.isLetter || $0.isNumber }
                guard let ids = byLooseName[run] else { continue }
                if length == 1, plainWords.contains(run), !token.codeLike, token.text.allSatisfy({ !$0.isUppercase }) { continue }
                found.formUnion(ids)
            }
        }
    }
}
