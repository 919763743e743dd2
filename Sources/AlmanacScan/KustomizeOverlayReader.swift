import AlmanacModel
import Foundation
import Yams

/// Reads a Kustomize overlay: a `kustomization.yaml` in `overlays/<env>/`, or one that patches a
/// base it reaches through `../`. What differs between environments is flattened to keys:
/// namespace, name prefix/suffix, images, replicas, patches, labels, generated ConfigMap
/// literals (secret-looking values withheld) and generated Secrets (names only).
enum KustomizeOverlayReader {
    static let fileNames: Set<String> = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// The overlay's settings, and the lines a source view must hide (generated Secret literals,
    /// secret-looking ConfigMap literals).
    static func read(path: String, text: String) -> (EnvironmentConfig, [ClosedRange<Int>])? {
        guard fileNames.contains((path as NSString).lastPathComponent),
              let node = try? YAMLLimits.compose(text) else { return nil }
        let root = YAMLNode(node, lineOffset: 0)
        guard root.isMapping else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        let components = folder.split(separator: "/").map(String.init)
        let resources = (root["resources"]?.strings ?? []) + (root["bases"]?.strings ?? [])
        let patches = (root["patches"]?.items ?? []) + (root["patchesStrategicMerge"]?.items ?? [])
            + (root["patchesJson6902"]?.items ?? [])
        let group: String
        if components.count >= 2, components[components.count - 2] == "overlays" {
            group = components.dropLast(2).joined(separator: "/")
        } else if !patches.isEmpty, resources.contains(where: { $0.hasPrefix("../") }) {
            group = components.dropLast().joined(separator: "/")
        } else {
            return nil
        }
        guard let environment = components.last else { return nil }
        var config = EnvironmentConfig(source: .kustomize, group: group.isEmpty ? "." : group,
                                       environment: environment, path: path)
        func add(_ key: String, _ value: String, _ node: YAMLNode) {
            config.entries.append(.init(key: key, value: .plain(value),
                                        location: SourceLocation(path: path, line: node.line, column: node.column)))
        }
        for key in ["namespace", "namePrefix", "nameSuffix"] {
            if let value = root[key] { add(key, value.string ?? "", value) }
        }
        for resource in root["resources"]?.items ?? [] { add("resources[\(resource.string ?? "?")]", "included", resource) }
        for image in root["images"]?.items ?? [] {
            guard let name = image["name"]?.string else { continue }
            let target = [image["newName"]?.string, image["newTag"]?.string.map { ":" + $0 },
                          image["digest"]?.string.map { "@" + $0 }].compactMap { $0 }.joined()
            add("images[\(name)]", target, image)
        }
        for replica in root["replicas"]?.items ?? [] {
            guard let name = replica["name"]?.string else { continue }
            add("replicas[\(name)]", replica["count"]?.string ?? "", replica)
        }
        for (index, patch) in patches.enumerated() {
            let target = patch["target"].map { target in
                [target["kind"]?.string, target["name"]?.string].compactMap { $0 }.joined(separator: "/")
            }
            let description = patch.string ?? patch["path"]?.string ?? (patch["patch"] != nil ? "inline patch" : "patch")
            add("patches[\(index)]", description + (target.map { $0.isEmpty ? "" : " → \($0)" } ?? ""), patch)
        }
        for key in ["commonLabels", "labels"] {
            let node = root[key]
            for pair in node?.pairs ?? [] { add("\(key).\(pair.key)", pair.value.string ?? "", pair.value) }
            for (index, item) in (node?.items ?? []).enumerated() {
                for pair in item["pairs"]?.pairs ?? [] { add("\(key)[\(index)].\(pair.key)", pair.value.string ?? "", pair.value) }
            }
        }
        for generator in root["configMapGenerator"]?.items ?? [] {
            let name = generator["name"]?.string ?? "?"
            for literal in generator["literals"]?.items ?? [] {
                guard let text = literal.string else { continue }
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                let key = "configMapGenerator[\(name)].\(parts[0])"
                let value = parts.count > 1 ? parts[1] : ""
                if SecretHeuristics.looksSecret(name: parts[0]), !SecretHeuristics.isReference(value) {
                    config.entries.append(.init(key: key, value: .secret,
                                                location: SourceLocation(path: path, line: literal.line, column: literal.column)))
                } else {
                    add(key, value, literal)
                }
            }
            for file in generator["files"]?.items ?? [] { add("configMapGenerator[\(name)].files", file.string ?? "", file) }
        }
        for generator in root["secretGenerator"]?.items ?? [] {
            let name = generator["name"]?.string ?? "?"
            let keys = (generator["literals"]?.items ?? []).compactMap { $0.string?.split(separator: "=").first.map(String.init) }
                + (generator["files"]?.items ?? []).compactMap(\.string)
            for key in keys {
                config.entries.append(.init(key: "secretGenerator[\(name)].\(key)", value: .secret,
                                            location: SourceLocation(path: path, line: generator.line, column: generator.column)))
            }
        }
        let hidden = Set(config.entries.filter { $0.value == .secret }.map(\.location.line))
            .union((root["secretGenerator"]?.items ?? []).flatMap { ($0["literals"]?.items ?? []).map(\.line) })
        return (config, hidden.sorted().map { $0...$0 })
    }
}
