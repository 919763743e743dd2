import AlmanacModel
import Foundation
import Yams

/// Reads a Pulumi stack config, `Pulumi.<stack>.yaml`: its `config:` map with `project:key`
/// names and nested values. `secure:` values (ciphertext) and values whose names look secret
/// never enter the model, and their lines are redacted in the source view.
enum PulumiStackReader {
    struct Result {
        var environment: EnvironmentConfig?
        var redactions: [ClosedRange<Int>] = []
    }

    /// The stack name when `path` is a stack config (`pulumi/Pulumi.staging.yaml` → `staging`).
    static func stackName(of path: String) -> String? {
        let file = (path as NSString).lastPathComponent
        for ext in [".yaml", ".yml"] where file.hasPrefix("Pulumi.") && file.hasSuffix(ext) {
            let stack = String(file.dropFirst("Pulumi.".count).dropLast(ext.count))
            return stack.isEmpty ? nil : stack
        }
        return nil
    }

    static func read(path: String, text: String) -> Result {
        guard let stack = stackName(of: path) else { return Result() }
        let folder = (path as NSString).deletingLastPathComponent
        var result = Result()
        var environment = EnvironmentConfig(source: .pulumi, group: folder.isEmpty ? "." : folder, environment: stack, path: path)
        guard let node = try? YAMLLimits.compose(text) else {
            // The manifest scan reports the syntax error; still redact every `secure:` line.
            result.redactions = secureLinesByText(text)
            return result
        }
        let root = YAMLNode(node, lineOffset: 0)
        for pair in root["config"]?.pairs ?? [] {
            flatten(pair.value, key: pair.key, keyLine: pair.keyLine, keyColumn: pair.keyColumn, path: path,
                    into: &environment.entries, redactions: &result.redactions)
        }
        // Belt and braces: any `secure:` line the structure walk did not reach is redacted too.
        result.redactions += secureLinesByText(text).filter { line in !result.redactions.contains { $0.overlaps(line) } }
        result.redactions.sort { $0.lowerBound < $1.lowerBound }
        result.environment = environment
        return result
    }

    static func flatten(_ node: YAMLNode, key: String, keyLine: Int, keyColumn: Int, path: String,
                        into entries: inout [EnvironmentConfig.Entry], redactions: inout [ClosedRange<Int>]) {
        let location = SourceLocation(path: path, line: keyLine, column: keyColumn)
        let pairs = node.pairs
        if pairs.count == 1, pairs[0].key == "secure" {
            entries.append(.init(key: key, value: .secret, location: location))
            redactions.append(min(keyLine, pairs[0].keyLine)...max(pairs[0].value.line, pairs[0].keyLine))
            return
        }
        if node.isMapping {
            if pairs.isEmpty { entries.append(.init(key: key, value: .plain("{}"), location: location)) }
            for pair in pairs {
                flatten(pair.value, key: "\(key).\(pair.key)", keyLine: pair.keyLine, keyColumn: pair.keyColumn,
                        path: path, into: &entries, redactions: &redactions)
            }
            return
        }
        if node.isSequence {
            let items = node.items
            if items.isEmpty { entries.append(.init(key: key, value: .plain("[]"), location: location)) }
            for (index, item) in items.enumerated() {
                flatten(item, key: "\(key)[\(index)]", keyLine: item.line, keyColumn: item.column, path: path,
                        into: &entries, redactions: &redactions)
            }
            return
        }
        let text = node.string ?? ""
        let name = key.split(whereSeparator: { ":.[".contains($0) }).last.map(String.init) ?? key
        if SecretHeuristics.looksSecret(name: name), !text.isEmpty, !SecretHeuristics.isReference(text) {
            entries.append(.init(key: key, value: .secret, location: location))
            redactions.append(node.line...node.line)
        } else {
            entries.append(.init(key: key, value: .plain(text), location: location))
        }
    }

    /// Lines holding `secure: …`, found by text alone.
    static func secureLinesByText(_ text: String) -> [ClosedRange<Int>] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "{" || $0 == "-" }
            return trimmed.hasPrefix("secure:") || line.contains("{secure:") || line.contains("{ secure:")
                ? (index + 1)...(index + 1) : nil
        }
    }
}
