import AlmanacModel
@testable import AlmanacScan

/// (1) YAML splitting and manifest decoding: `ManifestFileScanner.scan` (documents split,
/// composed with Yams, secrets masked by the tree rules, facts decoded), then the readers the
/// scanner runs on the parsed documents.
enum YAMLTarget {
    static let path = "k3s/apps/media/sonarr/deployment.yaml"

    static func run(_ text: String) {
        let lines = lineCount(text)
        for chunk in YAMLDocumentSplitter.split(text) {
            require(chunk.firstLine >= 1 && chunk.lines.upperBound <= lines, "chunk at lines \(chunk.lines) of \(lines)")
        }
        let scan = ManifestFileScanner.scan(path: path, text: text)
        for range in scan.unparsedLines {
            require(range.lowerBound >= 1 && range.upperBound <= lines, "unparsed lines \(range) of \(lines)")
        }
        for span in scan.secretSpans {
            require(span.location.line >= 1 && span.location.line <= lines, "masked scalar at line \(span.location.line) of \(lines)")
        }
        for document in scan.documents { checkMasked(document) }
        _ = EnvironmentReader.read(path: path, documents: scan.documents)
        _ = ExemptionAnnotationReader.read(path: path, text: text, documents: scan.documents)
    }

    /// A Secret's values are masked whole.
    static func checkMasked(_ document: YAMLTree) {
        if document["kind"]?.string == "Secret", document["apiVersion"]?.string == "v1" {
            for key in ["data", "stringData"] {
                for scalar in document[key]?.allScalars ?? [] {
                    let value = scalar.string ?? ""
                    require(scalar.isNull || value.isEmpty || value == Redaction.mask, "Secret \(key) value '\(value)' is not masked")
                }
            }
        }
    }
}
