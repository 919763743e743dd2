import AlmanacModel
import Foundation
import Yams

/// Reads one YAML file: splits documents, composes each, decodes facts, and records what a
/// source view must hide. Pure and thread-safe, so files are scanned in parallel.
enum ManifestFileScanner {
    struct Result {
        var facts: [ScannedFact] = []
        var diagnostics: [Diagnostic] = []
        var redactions: [ClosedRange<Int>] = []
        var role: SourceFile.Role = .manifest
        var note: String?
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
            return result
        }
        if isChartTemplate {
            result.role = .skipped
            result.note = "Helm chart template; the objects it renders are not in the repo"
            result.diagnostics.append(Diagnostic(
                id: "scan.skipped-template", severity: .note, location: SourceLocation(path: path),
                message: "Helm chart template (in a chart's templates/ folder); not read, the objects it renders are not in the repo"))
            return result
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var decoder = ManifestDecoder(path: path, lines: lines)
        var sawObject = false
        var skippedDocuments = 0
        for chunk in YAMLDocumentSplitter.split(text) {
            let node: Node?
            do {
                node = try Yams.compose(yaml: chunk.text, .basic)
            } catch {
                var diagnostic = diagnostic(for: error, path: path, chunk: chunk)
                if hasHelmConstructs(chunk.text) {
                    skippedDocuments += 1
                    diagnostic = Diagnostic(
                        id: "scan.skipped-document", severity: .note,
                        location: SourceLocation(path: path, line: chunk.firstLine),
                        message: "document is a Helm/Go template, not YAML; skipped",
                        note: "the other documents of the file are still read")
                }
                result.diagnostics.append(diagnostic)
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
                continue
            }
            let root = YAMLNode(node, lineOffset: chunk.firstLine - 1)
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
        result.redactions = decoder.redactions
        return result
    }

    /// Helm constructs that make a document that failed to parse a template rather than broken
    /// YAML: Helm's objects and functions, or a template action on a line of its own
    /// (`{{- if .Values.x }}`, `{{ end }}`). Prometheus and Alertmanager templates sit inside
    /// strings, so they never reach this: their documents parse.
    static func hasHelmConstructs(_ text: String) -> Bool {
        guard text.contains("{{") else { return false }
        let markers = ["{{ .Values", "{{.Values", "{{- .Values", "{{ .Release", "{{.Release", "{{ .Chart", "{{ .Capabilities",
                       "{{ include", "{{- include", "{{ template", "{{- template", "{{ define", "{{- define",
                       "{{ toYaml", "{{- toYaml", "{{ tpl ", "{{- tpl "]
        if markers.contains(where: { text.contains($0) }) { return true }
        return text.split(separator: "\n").contains { line in
            line.drop { $0 == " " || $0 == "\t" }.hasPrefix("{{")
        }
    }

    /// `{{` openings in the text outside comment lines.
    static func templateActions(in text: String) -> Int {
        text.split(separator: "\n").reduce(0) { count, line in
            line.drop { $0 == " " || $0 == "\t" }.hasPrefix("#") ? count : count + line.components(separatedBy: "{{").count - 1
        }
    }

    /// `{{` openings inside the scalars (keys and values) of a parsed document; fewer than in its
    /// text means some were read as YAML flow mappings, so the document is a template.
    static func templateActions(in node: Node) -> Int {
        switch node {
        case .scalar(let scalar): scalar.string.components(separatedBy: "{{").count - 1
        case .mapping(let mapping): mapping.reduce(0) { $0 + templateActions(in: $1.key) + templateActions(in: $1.value) }
        case .sequence(let sequence): sequence.reduce(0) { $0 + templateActions(in: $1) }
        case .alias: 0
        }
    }

    /// SOPS writes a top-level `sops:` block with a MAC and ENC[…] values.
    static func isSOPSEncrypted(_ text: String) -> Bool {
        text.contains("ENC[AES256_GCM,") || (text.contains("\nsops:") && text.contains("mac:"))
    }

    private static func topLevelKeys(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line -> String? in
            guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
            let key = String(line[..<colon])
            return key == "sops" ? nil : key
        }
    }

    static func diagnostic(for error: Error, path: String, chunk: YAMLDocumentSplitter.Chunk) -> Diagnostic {
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
