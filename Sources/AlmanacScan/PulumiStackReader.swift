import AlmanacModel
import Foundation
import Yams

/// Reads a Pulumi stack config, `Pulumi.<stack>.yaml`: its `config:` map with `project:key`
/// names and nested values. `secure:` values (ciphertext) and values whose names look secret
/// arrive masked from the scan and become `.secret` entries.
enum PulumiStackReader {
    /// The stack name when `path` is a stack config (`pulumi/Pulumi.staging.yaml` → `staging`).
    static func stackName(of path: String) -> String? {
        let file = (path as NSString).lastPathComponent
        for ext in [".yaml", ".yml"] where file.hasPrefix("Pulumi.") && file.hasSuffix(ext) {
            let stack = String(file.dropFirst("Pulumi.".count).dropLast(ext.count))
            return stack.isEmpty ? nil : stack
        }
        return nil
    }

    static func read(path: String, root: YAMLNode) -> EnvironmentConfig? {
        guard let stack = stackName(of: path) else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        var environment = EnvironmentConfig(source: .pulumi, group: folder.isEmpty ? "." : folder, environment: stack, path: path)
        for pair in root["config"]?.pairs ?? [] {
            flatten(pair.value, key: pair.key, keyLine: pair.keyLine, keyColumn: pair.keyColumn, path: path,
                    into: &environment.entries)
        }
        return environment
    }

    static func flatten(_ node: YAMLNode, key: String, keyLine: Int, keyColumn: Int, path: String,
                        into entries: inout [EnvironmentConfig.Entry]) {
        let location = SourceLocation(path: path, line: keyLine, column: keyColumn)
        let pairs = node.pairs
        if pairs.count == 1, pairs[0].key == "secure" {
            entries.append(.init(key: key, value: .secret, location: location))
            return
        }
        if node.isMapping {
            if pairs.isEmpty { entries.append(.init(key: key, value: .plain("{}"), location: location)) }
            for pair in pairs {
                flatten(pair.value, key: "\(key).\(pair.key)", keyLine: pair.keyLine, keyColumn: pair.keyColumn,
                        path: path, into: &entries)
            }
            return
        }
        if node.isSequence {
            let items = node.items
            if items.isEmpty { entries.append(.init(key: key, value: .plain("[]"), location: location)) }
            for (index, item) in items.enumerated() {
                flatten(item, key: "\(key)[\(index)]", keyLine: item.line, keyColumn: item.column, path: path, into: &entries)
            }
            return
        }
        let text = node.string ?? ""
        entries.append(.init(key: key, value: text.contains(Redaction.mask) ? .secret : .plain(text), location: location))
    }
}
