import AlmanacModel
import CMark
import Foundation
import Yams

/// Reads a Markdown file: YAML front matter (only at the very top, between `---` lines), the
/// title, and which kind of document it is from its path and content.
enum MarkdownReader {
    static func read(path: String, text: String) -> (Document, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var body = text
        var bodyLine = 1
        var frontMatter = FrontMatter()
        if text.hasPrefix("---\n") || text.hasPrefix("---\r\n") {
            // Only as far as the closing line: the body is not split here.
            let closes = { (line: Substring) in ["---", "---\r", "...", "...\r"].contains(line) }
            let lines = Self.lines(of: text, until: closes, skippingFirst: true)
            if let end = lines.indices.dropFirst().last, closes(lines[end]) {
                let yaml = lines[1..<end].joined(separator: "\n")
                do {
                    if let node = try YAMLLimits.compose(yaml) {
                        frontMatter = Self.frontMatter(YAMLNode(node, lineOffset: 1))
                    }
                } catch {
                    var diagnostic = ManifestFileScanner.diagnostic(
                        for: error, path: path, chunk: .init(firstLine: 2, text: yaml))
                    if diagnostic.id == "yaml.syntax" { diagnostic.id = "markdown.front-matter" }  // a limit keeps its own id
                    diagnostic.message = diagnostic.message.replacingOccurrences(
                        of: "this document is skipped", with: "front matter ignored")
                    diagnostics.append(diagnostic)
                }
                let bodyStart = lines[end].endIndex < text.endIndex ? text.utf8.index(after: lines[end].endIndex) : text.endIndex
                body = String(text[bodyStart...])
                bodyLine = end + 2
            }
        }
        let kind = classify(path: path, frontMatter: frontMatter)
        let title = frontMatter["title"]?.text ?? firstHeading(body) ?? Self.titleFromFileName(path)
        // The one parse of the body: headings, links, and the HTML the site fills links into.
        let slotted = MarkdownRenderer.renderSlotted(body)
        let rendered = slotted ?? MarkdownRenderer.render(body)
        let lineStarts = Self.fileLinesOfCmarkLines(body)
        let links = rendered.links.map { link in
            let line = lineStarts.flatMap { $0.indices.contains(link.line - 1) ? $0[link.line - 1] : nil } ?? link.line
            return DocumentLink(url: link.url, isImage: link.isImage,
                                location: SourceLocation(path: path, line: bodyLine + line - 1, column: 1))
        }
        diagnostics += DiagramSizeCheck.diagnostics(codeBlocks: rendered.codeBlocks, path: path, bodyLine: bodyLine)
        var document = Document(path: path, kind: kind, title: title, frontMatter: frontMatter, body: body,
                                bodyLine: bodyLine, links: links, anchors: rendered.headings.map(\.id))
        document.headings = rendered.headings.map { DocumentHeading(level: $0.level, text: $0.text, id: $0.id) }
        document.html = slotted?.html
        return (document, diagnostics)
    }

    /// cmark ends a line at "\n", "\r\n" and a lone "\r"; the repo's views and diagnostics count
    /// only "\n". For a text with a lone "\r": the line (counting "\n") on which each cmark line
    /// starts. Nil when the two counts agree.
    static func fileLinesOfCmarkLines(_ text: String) -> [Int]? {
        let bytes = Array(text.utf8)
        guard bytes.indices.contains(where: { bytes[$0] == UInt8(ascii: "\r") && ($0 + 1 == bytes.count || bytes[$0 + 1] != UInt8(ascii: "\n")) })
        else { return nil }
        var starts = [1]
        var line = 1
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") {
                line += 1
                starts.append(line)
            } else if byte == UInt8(ascii: "\r"), index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n") {
                starts.append(line)
            }
        }
        return starts
    }

    static func frontMatter(_ node: YAMLNode) -> FrontMatter {
        FrontMatter(entries: node.pairs.map { pair in
            let value: FrontMatter.Value
            if let text = pair.value.string {
                value = .string(text)
            } else if !pair.value.items.isEmpty {
                value = .list(pair.value.items.compactMap(\.string))
            } else if pair.value.isMapping {
                value = .list(pair.value.pairs.map { "\($0.key): \($0.value.string ?? "")" })
            } else {
                value = .string("")
            }
            return FrontMatter.Entry(key: pair.key, value: value, line: pair.keyLine)
        })
    }

    /// The text of the first ATX `#` heading outside code fences.
    static func firstHeading(_ body: String) -> String? {
        var inFence = false
        var rest = body[...]
        while !rest.isEmpty {
            let end = rest.utf8.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
            let line = rest[..<end]
            rest = end < rest.endIndex ? rest[rest.utf8.index(after: end)...] : rest[rest.endIndex...]
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)  // "\r" of a CRLF line too
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle(); continue }
            if !inFence, trimmed.hasPrefix("# ") {
                return trimmed.dropFirst(2).trimmingCharacters(in: CharacterSet(charactersIn: " #"))
            }
        }
        return nil
    }

    /// The lines of `text` from the top, stopping after the first line (past the first, with
    /// `skippingFirst`) for which `stop` holds.
    static func lines(of text: String, until stop: (Substring) -> Bool, skippingFirst: Bool) -> [Substring] {
        var result: [Substring] = []
        var rest = text[...]
        while true {
            let end = rest.utf8.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
            let line = rest[..<end]
            result.append(line)
            if (!skippingFirst || result.count > 1) && stop(line) { break }
            guard end < rest.endIndex else { break }
            rest = rest[rest.utf8.index(after: end)...]
        }
        return result
    }

    static func titleFromFileName(_ path: String) -> String {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        if name.lowercased() == "readme" || name.lowercased() == "index" {
            let folder = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
            return folder.isEmpty ? "Overview" : humanize(folder)
        }
        return humanize(name)
    }

    static func humanize(_ slug: String) -> String {
        let words = slug.replacingOccurrences(of: "_", with: "-").split(separator: "-")
        guard let first = words.first else { return slug }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst().map(String.init))
            .joined(separator: " ")
    }

    static let adrFileName = try! NSRegularExpression(pattern: #"^(adr[-_]?)?\d{1,4}[-_].+\.md$"#, options: [.caseInsensitive])

    static func classify(path: String, frontMatter: FrontMatter) -> Document.Kind {
        let lower = path.lowercased()
        let components = lower.split(separator: "/").map(String.init)
        let fileName = components.last ?? ""
        let folders = Set(components.dropLast())
        if folders.contains("decisions") || folders.contains("adr") || folders.contains("adrs") {
            let range = NSRange(fileName.startIndex..., in: fileName)
            if adrFileName.firstMatch(in: fileName, range: range) != nil { return .adr }
            return .doc
        }
        if folders.contains("runbooks") || frontMatter["alerts"] != nil && folders.contains("operations") {
            return fileName == "readme.md" || fileName == "index.md" ? .doc : .runbook
        }
        if folders.contains("guides") { return .guide }
        if folders.contains("patterns") { return .pattern }
        if folders.contains("maintenance") { return .maintenance }
        if folders.contains("reference") { return .reference }
        return .doc
    }
}
