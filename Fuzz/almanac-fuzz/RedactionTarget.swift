import AlmanacModel
@testable import AlmanacScan

/// (8) Redaction. The first byte picks how the rest is published, as the scanner publishes a
/// file: as data (config, diagrams), as Markdown, or as YAML after the scan's tree rules
/// (`YAMLSecrets.redact`) masked its parsed documents.
enum RedactionTarget {
    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        guard let mode = input.first else { return }
        let text = inputText(UnsafeBufferPointer(rebasing: input.dropFirst()))
        let count = text.utf8.count
        for match in SecretText.find(in: text) {
            require(match.range.lowerBound >= 0 && match.range.upperBound <= count, "match \(match.range) in \(count) bytes")
        }
        switch mode % 3 {
        case 0:
            let (published, redactions) = Redactor.publish(text)
            Published.check(original: text, published: published, redactions: redactions)
            let left = Published.leftAtMasks(published)
            require(left.isEmpty, "published data still holds \(left):\n\(published)")
        case 1:
            let (published, redactions) = Redactor.publish(text, kind: .markdown)
            Published.check(original: text, published: published, redactions: redactions)
            var copy = published
            let regions = copy.withUTF8 { MarkdownCode.regions(in: $0) }
            for region in regions {
                require(region.lowerBound >= 0 && region.upperBound <= published.utf8.count, "code region \(region)")
            }
            let left = Published.leftAtMasks(published, keyValueRegions: regions)
            require(left.isEmpty, "published Markdown still holds \(left):\n\(published)")
        default:
            let scan = ManifestFileScanner.scan(path: YAMLTarget.path, text: text)
            guard scan.role != .sensitive else { return }
            let (published, redactions) = Redactor.publish(text, kind: .yaml(unparsed: scan.unparsedLines),
                                                           scalars: scan.secretSpans)
            Published.check(original: text, published: published, redactions: redactions)
            for document in scan.documents { YAMLTarget.checkMasked(document) }
        }
    }
}
