import AlmanacModel
@testable import AlmanacScan

/// (8) Redaction. The first byte picks how the rest is published, as the scanner publishes a
/// file: as data (config, diagrams), as Markdown, or as YAML after the scan's tree rules
/// (`YAMLSecrets.redact`) masked its parsed documents.
enum RedactionTarget {
    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        guard let mode = input.first else { return }
        var text = inputText(UnsafeBufferPointer(rebasing: input.dropFirst()))
        let count = text.utf8.count
        switch mode % 3 {
        case 0:
            let found = SecretText.find(in: text)
            checkBounds(found, count)
            let (published, redactions) = Redactor.publish(text)
            Published.check(original: text, published: published, redactions: redactions, found: found)
        case 1:
            let regions = text.withUTF8 { MarkdownCode.regions(in: $0) }
            for region in regions {
                require(region.lowerBound >= 0 && region.lowerBound <= region.upperBound && region.upperBound <= count,
                        "code region \(region) in \(count) bytes")
            }
            let found = SecretText.find(in: text, keyValueRegions: regions)
            checkBounds(found, count)
            let (published, redactions) = Redactor.publish(text, kind: .markdown)
            Published.check(original: text, published: published, redactions: redactions, found: found)
        default:
            let scan = ManifestFileScanner.scan(path: YAMLTarget.path, text: text)
            for document in scan.documents { YAMLTarget.checkMasked(document) }
            guard scan.role != .sensitive else { return }
            let found = text.withUTF8 { bytes in
                SecretText.find(in: bytes, keyValueRegions: Redactor.lineRegions(scan.unparsedLines, in: bytes))
                    + YAMLSecrets.matches(for: scan.secretSpans, in: bytes)
            }
            checkBounds(found, count)
            let (published, redactions) = Redactor.publish(text, kind: .yaml(unparsed: scan.unparsedLines),
                                                           scalars: scan.secretSpans)
            Published.check(original: text, published: published, redactions: redactions, found: found)
        }
    }

    static func checkBounds(_ matches: [SecretMatch], _ count: Int) {
        for match in matches {
            require(match.range.lowerBound >= 0 && match.range.upperBound <= count, "match \(match.range) in \(count) bytes")
        }
    }
}
