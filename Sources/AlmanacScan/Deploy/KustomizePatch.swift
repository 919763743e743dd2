import AlmanacModel
import Foundation

/// Kustomize patches on value trees: strategic merge (maps merge, keyed built-in lists merge by
/// name, other lists are replaced) and JSON 6902 operations (add, replace, remove).
enum KustomizePatch {
    /// List fields that strategic merge merges item by item, and the key that identifies an item.
    static let mergeKeys: [String: String] = [
        "containers": "name", "initContainers": "name", "env": "name", "volumes": "name",
        "volumeMounts": "mountPath", "ports": "containerPort", "imagePullSecrets": "name",
        "tolerations": "key", "hostAliases": "ip",
    ]

    static func strategicMerge(_ base: YAMLTree, _ patch: YAMLTree, field: String? = nil) -> YAMLTree {
        switch (base.content, patch.content) {
        case (.mapping(var entries), .mapping(let patchEntries)):
            for entry in patchEntries {
                if entry.key == "$patch" || entry.key.hasPrefix("$setElementOrder") { continue }
                let index = entries.firstIndex { $0.key == entry.key }
                if entry.value.isNull || entry.value["$patch"]?.string == "delete" {
                    if let index { entries.remove(at: index) }
                    continue
                }
                if let index {
                    entries[index].value = strategicMerge(entries[index].value, entry.value, field: entry.key)
                } else {
                    entries.append(entry)
                }
            }
            return YAMLTree(.mapping(entries), at: base.location)
        case (.sequence(var items), .sequence(let patchItems)):
            guard let field, let key = mergeKeys[field] else { return patch }
            for item in patchItems {
                let identity = item[key]?.string ?? (key == "containerPort" ? item["port"]?.string : nil)
                if let identity, let index = items.firstIndex(where: {
                    ($0[key]?.string ?? (key == "containerPort" ? $0["port"]?.string : nil)) == identity
                }) {
                    if item["$patch"]?.string == "delete" { items.remove(at: index); continue }
                    items[index] = strategicMerge(items[index], item)
                } else if item["$patch"]?.string != "delete" {
                    items.append(item)
                }
            }
            return YAMLTree(.sequence(items), at: base.location)
        default:
            return patch
        }
    }

    /// Applies JSON 6902 operations; unknown or failing operations are skipped and reported.
    static func json6902(_ base: YAMLTree, operations: [YAMLTree], problems: inout [String]) -> YAMLTree {
        var tree = base
        for operation in operations {
            guard let op = operation["op"]?.string, let path = operation["path"]?.string else { continue }
            let pointer = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
                $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }
            switch op {
            case "add", "replace":
                guard let value = operation["value"] else { continue }
                if !apply(&tree, pointer[...], value: value, insert: op == "add") { problems.append("\(op) \(path)") }
            case "remove":
                if !apply(&tree, pointer[...], value: nil, insert: false) { problems.append("remove \(path)") }
            default:
                problems.append("\(op) \(path) (not modelled)")
            }
        }
        return tree
    }

    /// Sets, inserts or removes (value nil) at a JSON pointer; false when the path does not exist.
    private static func apply(_ tree: inout YAMLTree, _ pointer: ArraySlice<String>, value: YAMLTree?, insert: Bool) -> Bool {
        guard let head = pointer.first else {
            if let value { tree = value; return true }
            return false
        }
        let rest = pointer.dropFirst()
        switch tree.content {
        case .mapping:
            if rest.isEmpty {
                if value == nil, tree[head] == nil { return false }
                tree[head] = value
                return true
            }
            guard var child = tree[head] else { return false }
            guard apply(&child, rest, value: value, insert: insert) else { return false }
            tree[head] = child
            return true
        case .sequence(var items):
            if head == "-" {
                guard rest.isEmpty, let value else { return false }
                items.append(value)
                tree = YAMLTree(.sequence(items), at: tree.location)
                return true
            }
            guard let index = Int(head), index >= 0, index <= items.count else { return false }
            if rest.isEmpty {
                if let value {
                    if insert { items.insert(value, at: index) } else if index < items.count { items[index] = value } else { return false }
                } else {
                    guard index < items.count else { return false }
                    items.remove(at: index)
                }
            } else {
                guard index < items.count, apply(&items[index], rest, value: value, insert: insert) else { return false }
            }
            tree = YAMLTree(.sequence(items), at: tree.location)
            return true
        case .scalar:
            return false
        }
    }

    /// Whether a patch `target` selects an object (kind, name and namespace as regular expressions,
    /// group, version, label and annotation selectors).
    static func matches(_ target: YAMLTree, _ object: RenderedObject) -> Bool {
        func regex(_ pattern: String?, _ value: String?) -> Bool {
            guard let pattern else { return true }
            guard let value else { return false }
            if pattern == value { return true }
            guard let expression = try? NSRegularExpression(pattern: "^(?:\(pattern))$") else { return false }
            return expression.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        }
        let version = object.apiVersion.split(separator: "/").last.map(String.init) ?? ""
        guard regex(target["kind"]?.string, object.kind), regex(target["name"]?.string, object.name),
              regex(target["namespace"]?.string, object.namespace),
              target["group"]?.string.map({ $0 == object.group }) ?? true,
              target["version"]?.string.map({ $0 == version }) ?? true else { return false }
        if let selector = target["labelSelector"]?.string, !selectorMatches(selector, object.labels) { return false }
        if let selector = target["annotationSelector"]?.string, !selectorMatches(selector, object.annotations) { return false }
        return true
    }

    /// Equality-based selectors as written in patch targets: `a=b,c!=d,e`, `!f`.
    static func selectorMatches(_ selector: String, _ labels: [String: String]) -> Bool {
        for term in selector.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !term.isEmpty {
            if let range = term.range(of: "!=") {
                if labels[String(term[..<range.lowerBound])] == String(term[range.upperBound...]) { return false }
            } else if let range = term.range(of: "==") ?? term.range(of: "=") {
                if labels[String(term[..<range.lowerBound])] != String(term[range.upperBound...]) { return false }
            } else if term.hasPrefix("!") {
                if labels[String(term.dropFirst())] != nil { return false }
            } else if term.contains(" in ") || term.contains(" notin ") {
                continue  // set-based terms are not modelled; they do not exclude
            } else if labels[term] == nil {
                return false
            }
        }
        return true
    }
}
