import AlmanacModel

/// The tree rules of redaction, on a parsed YAML document: values under secret-looking keys
/// (anywhere: manifests, HelmRelease `values`, values files, Argo `helm.parameters` and
/// `valuesObject`, Flux `postBuild.substitute`), `{name: X, value: Y}` items judged by X, the
/// value after a secret-looking flag in an argument list, every value of a Secret's `data` and
/// `stringData`, and kustomize `secretGenerator` literals. Masked values are replaced in the
/// tree, so every fact decoded from it is masked too; the spans say where they stand in the file.
/// Text rules (`SecretText`) run on every other scalar.
enum YAMLSecrets {
    /// A masked scalar, where it starts in the file.
    struct Span: Hashable, Sendable {
        var location: SourceLocation
        var reason: Redaction.Reason
        var key: String?
        /// Text of the scalar before the mask (`DB_PASSWORD=` of a generator literal).
        var keepPrefix: String = ""
        /// The scalar's text, to find its end in the file.
        var text: String
        /// Parts of the scalar the text rules found, as byte ranges of `text`; empty when the
        /// whole scalar (after `keepPrefix`) is masked.
        var parts: [SecretMatch] = []
    }

    /// Masks the secrets of one document in place and returns where its masked scalars stand.
    static func redact(_ tree: inout YAMLTree) -> [Span] {
        var spans: [Span] = []
        let kind = tree["kind"]?.string
        let apiVersion = tree["apiVersion"]?.string ?? ""
        guard case .mapping(var entries) = tree.content else {
            visit(&tree, key: nil, spans: &spans)
            return spans
        }
        let isSecret = kind == "Secret" && apiVersion == "v1"
        // External Secrets objects name keys of secrets (`secretKey: password`) and hold none:
        // only the text rules apply to them.
        if let kind, apiVersion.hasPrefix("external-secrets.io/"), referenceKinds.contains(kind) {
            visitText(&tree, spans: &spans)
            return spans
        }
        for index in entries.indices {
            let key = entries[index].key
            if isSecret, key == "data" || key == "stringData" {
                maskAll(&entries[index].value, spans: &spans)
            } else if key == "secretGenerator", apiVersion.isEmpty || apiVersion.hasPrefix("kustomize.config.k8s.io") {
                maskGenerators(&entries[index].value, spans: &spans)
            } else {
                visit(&entries[index].value, key: key, spans: &spans)
            }
        }
        tree.content = .mapping(entries)
        return spans
    }

    static let referenceKinds: Set<String> = [
        "ExternalSecret", "ClusterExternalSecret", "PushSecret", "SecretStore", "ClusterSecretStore",
    ]

    private static func mask(_ node: inout YAMLTree, reason: Redaction.Reason, key: String?, spans: inout [Span]) {
        guard case .scalar(let text, _) = node.content, !node.isNull, !text.isEmpty else { return }
        spans.append(Span(location: node.location, reason: reason, key: key, text: text))
        node.content = .scalar(Redaction.mask, plain: false)
    }

    /// Every scalar below `node` (a Secret's values).
    private static func maskAll(_ node: inout YAMLTree, spans: inout [Span]) {
        switch node.content {
        case .scalar:
            mask(&node, reason: .secretObject, key: nil, spans: &spans)
        case .mapping(var entries):
            for index in entries.indices {
                if case .scalar = entries[index].value.content {
                    mask(&entries[index].value, reason: .secretObject, key: entries[index].key, spans: &spans)
                } else {
                    maskAll(&entries[index].value, spans: &spans)
                }
            }
            node.content = .mapping(entries)
        case .sequence(var items):
            for index in items.indices { maskAll(&items[index], spans: &spans) }
            node.content = .sequence(items)
        }
    }

    /// `secretGenerator: [{literals: [KEY=value]}]`: every value, whatever its key.
    private static func maskGenerators(_ node: inout YAMLTree, spans: inout [Span]) {
        guard case .sequence(var generators) = node.content else { return visit(&node, key: nil, spans: &spans) }
        for index in generators.indices {
            guard case .mapping(var entries) = generators[index].content else { continue }
            for entry in entries.indices where entries[entry].key == "literals" {
                guard case .sequence(var literals) = entries[entry].value.content else { continue }
                for literal in literals.indices {
                    guard case .scalar(let text, _) = literals[literal].content, let equals = text.firstIndex(of: "=") else { continue }
                    let prefix = String(text[...equals])
                    guard text.index(after: equals) < text.endIndex else { continue }
                    spans.append(Span(location: literals[literal].location, reason: .secretObject,
                                      key: String(text[..<equals]), keepPrefix: prefix, text: text))
                    literals[literal].content = .scalar(prefix + Redaction.mask, plain: false)
                }
                entries[entry].value.content = .sequence(literals)
            }
            generators[index].content = .mapping(entries)
        }
        node.content = .sequence(generators)
    }

    /// Only the text rules, on every scalar below `node`.
    private static func visitText(_ node: inout YAMLTree, spans: inout [Span]) {
        switch node.content {
        case .scalar: visit(&node, key: nil, spans: &spans)
        case .mapping(var entries):
            for index in entries.indices { visitText(&entries[index].value, spans: &spans) }
            node.content = .mapping(entries)
        case .sequence(var items):
            for index in items.indices { visitText(&items[index], spans: &spans) }
            node.content = .sequence(items)
        }
    }

    private static func visit(_ node: inout YAMLTree, key: String?, spans: inout [Span]) {
        switch node.content {
        case .scalar(let text, let plain):
            if let key, SecretHeuristics.looksSecret(name: key), !node.isNull, !SecretHeuristics.isReference(text) {
                mask(&node, reason: .secretKey, key: key, spans: &spans)
            } else if !text.isEmpty {
                let found = SecretText.find(in: text)
                if !found.isEmpty {
                    spans.append(Span(location: node.location, reason: found[0].reason, key: found[0].key, text: text, parts: found))
                    node.content = .scalar(Redactor.apply(found, to: text).text, plain: plain)
                }
            }
        case .mapping(var entries):
            // `{name: DB_PASSWORD, value: …}` (env, Argo parameters, headers): judged by the name.
            let named = entries.first { $0.key == "name" }?.value.string
            let nameLooksSecret = named.map { SecretHeuristics.looksSecret(name: $0) } ?? false
            for index in entries.indices {
                if nameLooksSecret, entries[index].key == "value", case .scalar(let text, _) = entries[index].value.content,
                   !SecretHeuristics.isReference(text) {
                    mask(&entries[index].value, reason: .secretKey, key: named, spans: &spans)
                } else {
                    visit(&entries[index].value, key: entries[index].key, spans: &spans)
                }
            }
            node.content = .mapping(entries)
        case .sequence(var items):
            // Argument lists: the item after `--password` is the password.
            var flag: String?
            for index in items.indices {
                if let flag, case .scalar(let text, _) = items[index].content, !text.hasPrefix("-"),
                   !SecretHeuristics.isReference(text) {
                    mask(&items[index], reason: .commandArgument, key: flag, spans: &spans)
                } else {
                    visit(&items[index], key: key, spans: &spans)
                }
                flag = nil
                if case .scalar(let text, _) = items[index].content, text.hasPrefix("-"), !text.contains("="), !text.contains(" "),
                   SecretHeuristics.looksSecret(name: text) {
                    flag = text
                }
            }
            node.content = .sequence(items)
        }
    }

    // MARK: Spans in the file

    /// The bytes each masked scalar occupies in the file's text. The scalar starts at its
    /// location; quoted scalars end at their closing quote, block scalars (`|`, `>`) with their
    /// last more-indented line, plain scalars where their text ends (or, folded over several
    /// lines, with the last more-indented line).
    static func matches(for spans: [Span], in bytes: UnsafeBufferPointer<UInt8>) -> [SecretMatch] {
        var lineStarts = [0]
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") { lineStarts.append(index + 1) }
        func lineEnd(_ start: Int) -> Int {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            return end
        }
        func indent(_ start: Int) -> Int {
            var end = start
            while end < bytes.count, bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") { end += 1 }
            return end - start
        }
        /// From the line after `line` (0-based), every blank or more-indented line; the range of their text.
        func block(after line: Int) -> Range<Int>? {
            let parentIndent = indent(lineStarts[line])
            guard line + 1 < lineStarts.count else { return nil }
            let first = lineStarts[line + 1]
            var last = first
            var cursor = line + 1
            while cursor < lineStarts.count {
                let start = lineStarts[cursor]
                let end = lineEnd(start)
                let width = indent(start)
                if start + width >= end { cursor += 1; continue }
                guard width > parentIndent else { break }
                last = end
                cursor += 1
            }
            return last > first ? first..<last : nil
        }
        var matches: [SecretMatch] = []
        for span in spans {
            let line = span.location.line - 1
            guard line >= 0, line < lineStarts.count else { continue }
            // Columns count characters: walk them to the byte.
            var start = lineStarts[line]
            let end = lineEnd(start)
            var characters = 1
            while characters < span.location.column, start < end {
                start += 1
                while start < end, bytes[start] & 0xC0 == 0x80 { start += 1 }
                characters += 1
            }
            guard start < end else { continue }
            var range: Range<Int>
            let first = bytes[start]
            if first == UInt8(ascii: "|") || first == UInt8(ascii: ">") {
                guard let body = block(after: line) else { continue }
                range = body
                // A literal block keeps its lines: each part maps to its line, past the block's indent.
                if first == UInt8(ascii: "|"), !span.parts.isEmpty {
                    let scalar = Array(span.text.utf8)
                    var scalarLineStarts = [0]
                    for index in scalar.indices where scalar[index] == UInt8(ascii: "\n") { scalarLineStarts.append(index + 1) }
                    var blockIndent = 0
                    for fileLine in (line + 1)..<lineStarts.count {
                        let lineStart = lineStarts[fileLine]
                        let width = indent(lineStart)
                        if lineStart + width < lineEnd(lineStart) { blockIndent = width; break }
                    }
                    func fileOffset(_ offset: Int) -> Int? {
                        var scalarLine = 0
                        while scalarLine + 1 < scalarLineStarts.count, scalarLineStarts[scalarLine + 1] <= offset { scalarLine += 1 }
                        let fileLine = line + 1 + scalarLine
                        guard fileLine < lineStarts.count else { return nil }
                        let position = lineStarts[fileLine] + blockIndent + (offset - scalarLineStarts[scalarLine])
                        return position <= bytes.count ? position : nil
                    }
                    var mapped: [SecretMatch] = []
                    for part in span.parts {
                        guard let lower = fileOffset(part.range.lowerBound),
                              let upper = fileOffset(max(part.range.lowerBound, part.range.upperBound - 1)).map({ $0 + 1 }),
                              lower < upper else { mapped = []; break }
                        mapped.append(SecretMatch(range: lower..<upper, reason: part.reason, key: part.key))
                    }
                    if mapped.count == span.parts.count { matches += mapped; continue }
                }
            } else if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
                var close = start + 1
                while close < bytes.count {
                    if bytes[close] == UInt8(ascii: "\\"), first == UInt8(ascii: "\"") { close += 2; continue }
                    if bytes[close] == first {
                        if first == UInt8(ascii: "'"), close + 1 < bytes.count, bytes[close + 1] == first { close += 2; continue }
                        break
                    }
                    close += 1
                }
                range = (start + 1)..<min(close, bytes.count)
            } else {
                let text = Array(span.text.utf8)
                if start + text.count <= end, bytes[start..<(start + text.count)].elementsEqual(text) {
                    range = start..<(start + text.count)
                } else {
                    // Folded over lines, or behind an anchor or tag: the rest of the line and its continuation.
                    range = start..<(block(after: line)?.upperBound ?? end)
                }
            }
            // Parts of a one-line scalar written as it reads (no escapes, no folding) map by offset.
            if !span.parts.isEmpty {
                let scalar = Array(span.text.utf8)
                if range.count == scalar.count, bytes[range].elementsEqual(scalar) {
                    matches += span.parts.map { part in
                        SecretMatch(range: (range.lowerBound + part.range.lowerBound)..<(range.lowerBound + part.range.upperBound),
                                    reason: part.reason, key: part.key)
                    }
                    continue
                }
            }
            if !span.keepPrefix.isEmpty {
                let prefix = span.keepPrefix.utf8.count
                guard range.count > prefix else { continue }
                range = (range.lowerBound + prefix)..<range.upperBound
            }
            matches.append(SecretMatch(range: range, reason: span.reason, key: span.key))
        }
        return matches
    }
}
