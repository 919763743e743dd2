import AlmanacModel
import Foundation
import Yams

/// Reads one YAML file: splits documents, composes each, decodes facts, and records what a
/// source view must hide. Pure and thread-safe, so files are scanned in parallel.
enum ManifestFileScanner {
    struct Result {
        var facts: [ScannedFact] = []
        var diagnostics: [Diagnostic] = []
        /// Scalars the tree rules masked, for the published text.
        var secretSpans: [YAMLSecrets.Span] = []
        /// Lines of documents that did not parse (or were skipped): only text rules judge them.
        var unparsedLines: [ClosedRange<Int>] = []
        var role: SourceFile.Role = .manifest
        var note: String?
        /// Every document that parsed, for the deployment stage; SOPS files without their values.
        var documents: [YAMLTree] = []
    }

    /// Reads one file. `isChartTemplate` says the file lies in a chart's `templates/` folder next
    /// to its `Chart.yaml`: only the chart renders it, so it is skipped whole. Anywhere else a
    /// file is read document by document, and only a document that is not YAML because of Helm
    /// constructs is skipped: `{{ }}` in alert and Alertmanager text is data, not Helm.
    /// Everything skipped leaves a `note` diagnostic saying why.
    static func scan(path: String, text: String, isChartTemplate: Bool = false) -> Result {
        var result = Result()
        if isSOPSEncrypted(text) {
            result.role = .sensitive
            result.note = "SOPS-encrypted; recorded by name only"
            let name = (path as NSString).lastPathComponent
            let ref = ObjectRef(apiVersion: "", kind: "SOPS file", name: name, namespace: nil,
                                location: SourceLocation(path: path))
            result.facts.append(.secret(SecretInfo(ref: ref, source: .sops, keys: topLevelKeys(text))))
            result.diagnostics.append(Diagnostic(
                id: "scan.sops", severity: .note, location: SourceLocation(path: path),
                message: "SOPS-encrypted file: recorded by name and top-level keys only, its values are not read"))
            // Kind and metadata stay readable in SOPS files; keep them, never the values.
            result.documents = Self.parsedDocuments(path: path, text: text).map { document in
                var document = document
                for key in ["data", "stringData", "sops"] { document[key] = nil }
                return document
            }
            return result
        }
        if isChartTemplate {
            result.unparsedLines = [1...Int.max]
            result.role = .skipped
            result.note = "Helm chart template; the objects it renders are not in the repo"
            result.diagnostics.append(Diagnostic(
                id: "scan.skipped-template", severity: .note, location: SourceLocation(path: path),
                message: "Helm chart template (in a chart's templates/ folder); not read, the objects it renders are not in the repo"))
            return result
        }
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        var decoder = ManifestDecoder(path: path, lines: lines)
        var sawObject = false
        var skippedDocuments = 0
        for chunk in YAMLDocumentSplitter.split(text) {
            let node: Node?
            do {
                node = try YAMLLimits.compose(chunk.text)
            } catch {
                var diagnostic = diagnostic(for: error, path: path, chunk: chunk)
                if !(error is YAMLLimits.Exceeded), hasHelmConstructs(chunk.text) {
                    skippedDocuments += 1
                    diagnostic = Diagnostic(
                        id: "scan.skipped-document", severity: .note,
                        location: SourceLocation(path: path, line: chunk.firstLine),
                        message: "document is a Helm/Go template, not YAML; skipped",
                        note: "the other documents of the file are still read")
                }
                result.diagnostics.append(diagnostic)
                result.unparsedLines.append(chunk.lines)
                continue
            }
            guard let node else { continue }
            // `name: {{ .Release.Name }}` parses, as flow mappings: a template all the same.
            if hasHelmConstructs(chunk.text), templateActions(in: chunk.text) > templateActions(in: node) {
                skippedDocuments += 1
                result.diagnostics.append(Diagnostic(
                    id: "scan.skipped-document", severity: .note, location: SourceLocation(path: path, line: chunk.firstLine),
                    message: "document is a Helm/Go template ({{ }} outside strings); skipped",
                    note: "the other documents of the file are still read"))
                result.unparsedLines.append(chunk.lines)
                continue
            }
            // Secrets are masked before anything reads the document: every fact comes from the masked tree.
            var tree = YAMLTree(node: node, path: path, lineOffset: chunk.firstLine - 1)
            result.secretSpans += YAMLSecrets.redact(&tree)
            result.documents.append(tree)
            let root = YAMLNode(tree)
            let facts = decoder.decode(root)
            if !facts.isEmpty { sawObject = true }
            result.facts += facts
        }
        if skippedDocuments > 0 {
            result.note = "\(skippedDocuments) Helm/Go template document\(skippedDocuments == 1 ? "" : "s") skipped"
        }
        if !sawObject, result.diagnostics.allSatisfy({ $0.severity == .note }) {
            result.role = skippedDocuments > 0 ? .skipped : .config
        }
        result.diagnostics += decoder.diagnostics
        return result
    }

    /// The documents of a file that parse, each as a tree; broken ones are left out.
    static func parsedDocuments(path: String, text: String) -> [YAMLTree] {
        YAMLDocumentSplitter.split(text).compactMap { chunk in
            guard let node = try? YAMLLimits.compose(chunk.text) else { return nil }
            var tree = YAMLTree(node: node, path: path, lineOffset: chunk.firstLine - 1)
            _ = YAMLSecrets.redact(&tree)
            return tree
        }
    }

    /// Helm constructs that make a document a template rather than broken YAML: Helm's objects
    /// and functions (`{{ .Values`, `{{- include`), or a template action that starts its line
    /// (`{{- if .Values.x }}`, `{{ end }}`). Prometheus and Alertmanager templates sit inside
    /// strings, so their documents parse and this only decides between a skip and an error.
    /// One pass over the bytes.
    static func hasHelmConstructs(_ text: String) -> Bool {
        let helmWords = [".Values", ".Release", ".Chart", ".Capabilities", ".Template", "include ", "template ",
                         "define ", "toYaml ", "tpl ", "required "].map { Array($0.utf8) }
        let bytes = Array(text.utf8)
        var onlyBlanksBefore = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                onlyBlanksBefore = true
            } else if byte == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") {
                if onlyBlanksBefore { return true }
                var word = index + 2
                if word < bytes.count, bytes[word] == UInt8(ascii: "-") { word += 1 }
                while word < bytes.count, bytes[word] == UInt8(ascii: " ") { word += 1 }
                let after = bytes[word...]
                if helmWords.contains(where: { after.starts(with: $0) }) { return true }
                onlyBlanksBefore = false
                index += 2
                continue
            } else if byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") {
                onlyBlanksBefore = false
            }
            index += 1
        }
        return false
    }

    /// `{{` openings in the text, outside comment lines unless `comments` (scalar text has none).
    static func templateActions(in text: String, comments: Bool = false) -> Int {
        var count = 0
        var previous: UInt8 = 0
        var atLineStart = true
        var inComment = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                atLineStart = true
                inComment = false
                previous = 0
                continue
            }
            if atLineStart {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { continue }
                atLineStart = false
                inComment = !comments && byte == UInt8(ascii: "#")
            }
            if inComment { continue }
            if byte == UInt8(ascii: "{"), previous == UInt8(ascii: "{") {
                count += 1
                previous = 0
            } else {
                previous = byte
            }
        }
        return count
    }

    /// `{{` openings inside the scalars (keys and values) of a parsed document; fewer than in its
    /// text means some were read as YAML flow mappings, so the document is a template.
    static func templateActions(in node: Node) -> Int {
        switch node {
        case .scalar(let scalar): templateActions(in: scalar.string, comments: true)
        case .mapping(let mapping): mapping.reduce(0) { $0 + templateActions(in: $1.key) + templateActions(in: $1.value) }
        case .sequence(let sequence): sequence.reduce(0) { $0 + templateActions(in: $1) }
        case .alias: 0
        }
    }

    /// SOPS writes a top-level `sops:` block with a MAC and ENC[…] values.
    static func isSOPSEncrypted(_ text: String) -> Bool {
        text.containsBytes("ENC[AES256_GCM,") || (text.containsBytes("\nsops:") && text.containsBytes("mac:"))
    }

    private static func topLevelKeys(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line -> String? in
            guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
            let key = String(line[..<colon])
            return key == "sops" ? nil : key
        }
    }

    static func diagnostic(for error: Error, path: String, chunk: YAMLDocumentSplitter.Chunk) -> Diagnostic {
        if let exceeded = error as? YAMLLimits.Exceeded { return exceeded.diagnostic(path: path, firstLine: chunk.firstLine) }
        var line = chunk.firstLine
        var column = 1
        var problem = "invalid YAML"
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(let context, let text, let mark, _), .parser(let context, let text, let mark, _),
                 .composer(let context, let text, let mark, _):
                line = chunk.firstLine + mark.line - 1
                column = mark.column
                problem = [context?.text, text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            default:
                problem = "\(yamlError)"
            }
        }
        return Diagnostic(id: "yaml.syntax", severity: .error,
                          location: SourceLocation(path: path, line: line, column: column),
                          message: "YAML syntax error: \(problem); this document is skipped",
                          note: "the other documents of the file are still read")
    }
}
