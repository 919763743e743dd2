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
        /// Every document that parsed, for the deployment stage; SOPS files without their values.
        var documents: [YAMLTree] = []
    }

    static func scan(path: String, text: String) -> Result {
        var result = Result()
        if isSOPSEncrypted(text) {
            result.role = .sensitive
            result.note = "SOPS-encrypted; recorded by name only"
            let name = (path as NSString).lastPathComponent
            let ref = ObjectRef(apiVersion: "", kind: "SOPS file", name: name, namespace: nil,
                                location: SourceLocation(path: path))
            result.facts.append(.secret(SecretInfo(ref: ref, source: .sops, keys: topLevelKeys(text))))
            // Kind and metadata stay readable in SOPS files; keep them, never the values.
            result.documents = Self.parsedDocuments(path: path, text: text).map { document in
                var document = document
                for key in ["data", "stringData", "sops"] { document[key] = nil }
                return document
            }
            return result
        }
        // `{{ }}` in a file that parses as YAML is text (app-template `tpl` hosts, alert templates).
        if isGoTemplate(text), path.hasPrefix("templates/") || path.contains("/templates/") || !parsesAsYAML(text) {
            result.role = .skipped
            result.note = "Helm/Go template ({{ }}); rendered objects are not in the repo"
            return result
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var decoder = ManifestDecoder(path: path, lines: lines)
        var sawObject = false
        for chunk in YAMLDocumentSplitter.split(text) {
            let node: Node?
            do {
                node = try Yams.compose(yaml: chunk.text, .basic)
            } catch {
                if chunk.text.contains("{{") {
                    result.note = "template ({{ }}) documents skipped"
                    continue
                }
                result.diagnostics.append(diagnostic(for: error, path: path, chunk: chunk))
                continue
            }
            guard let node else { continue }
            let root = YAMLNode(node, lineOffset: chunk.firstLine - 1, path: path)
            result.documents.append(root.tree)
            let facts = decoder.decode(root)
            if !facts.isEmpty { sawObject = true }
            result.facts += facts
        }
        if !sawObject, result.diagnostics.isEmpty { result.role = .config }
        result.diagnostics += decoder.diagnostics
        result.redactions = decoder.redactions
        return result
    }

    static func parsesAsYAML(_ text: String) -> Bool {
        YAMLDocumentSplitter.split(text).allSatisfy { (try? Yams.compose(yaml: $0.text, .basic)) != nil }
    }

    /// The documents of a file that parse, each as a tree; broken ones are left out.
    static func parsedDocuments(path: String, text: String) -> [YAMLTree] {
        YAMLDocumentSplitter.split(text).compactMap { chunk in
            guard let node = try? Yams.compose(yaml: chunk.text, .basic) else { return nil }
            return YAMLTree(node: node, path: path, lineOffset: chunk.firstLine - 1)
        }
    }

    /// Helm chart templates and other Go templates. Prometheus rule annotations also use `{{ }}`
    /// (`{{ $labels.instance }}`), so only Helm/Go template constructs count.
    static func isGoTemplate(_ text: String) -> Bool {
        guard text.contains("{{") else { return false }
        let markers = ["{{-", "{{ .Values", "{{ .Release", "{{ .Chart", "{{ include", "{{ toYaml",
                       "{{ template", "{{ define", "{{.Values", "{{.Release", "{{ tpl "]
        if markers.contains(where: { text.contains($0) }) { return true }
        // `{{ if }}`, `{{ range }}` and `{{ end }}` are Prometheus alert templating too, so they
        // only mark a Go template outside alerting rules.
        if text.contains("kind: PrometheusRule") || text.contains("\ngroups:") { return false }
        return ["{{ if ", "{{ range ", "{{ end"].contains { text.contains($0) }
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
