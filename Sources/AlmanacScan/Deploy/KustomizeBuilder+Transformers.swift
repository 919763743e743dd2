import AlmanacModel
import Foundation

extension KustomizeBuilder {
    // MARK: Transformers

    /// Patches, then namespace, prefix/suffix, images and common labels, in kustomize's order.
    mutating func transform(_ input: [RenderedObject], with k: YAMLTree, folder: String) -> [RenderedObject] {
        var objects = input
        for patch in (k["patches"]?.items ?? []) + (k["patchesStrategicMerge"]?.items ?? []) + (k["patchesJson6902"]?.items ?? []) {
            objects = applyPatch(patch, folder: folder, to: objects)
        }
        if let namespace = k["namespace"]?.string {
            for index in objects.indices where objects[index].isNamespaced { objects[index].setNamespace(namespace) }
            // The namespace transformer also names the Namespace objects of the build.
            for index in objects.indices where objects[index].kind == "Namespace" { objects[index].setName(namespace) }
        }
        let prefix = k["namePrefix"]?.string ?? ""
        let suffix = k["nameSuffix"]?.string ?? ""
        if !prefix.isEmpty || !suffix.isEmpty {
            for index in objects.indices where !["CustomResourceDefinition", "Namespace", "APIService", "RemoteResource"].contains(objects[index].kind) {
                if let name = objects[index].name { objects[index].setName(prefix + name + suffix) }
            }
        }
        if let images = k["images"]?.items, !images.isEmpty {
            for index in objects.indices { objects[index].tree = Self.retag(objects[index].tree, images: images) }
        }
        for key in ["commonLabels", "commonAnnotations"] {
            guard let extra = k[key], extra.isMapping else { continue }
            let field = key == "commonLabels" ? "labels" : "annotations"
            for index in objects.indices {
                let current = objects[index].tree[path: "metadata", field] ?? .mapping([], at: extra.location)
                objects[index].tree.set(["metadata", field], to: current.merged(with: extra))
            }
        }
        for entry in k["labels"]?.items ?? [] {
            guard let pairs = entry["pairs"], pairs.isMapping else { continue }
            for index in objects.indices {
                let current = objects[index].tree[path: "metadata", "labels"] ?? .mapping([], at: pairs.location)
                objects[index].tree.set(["metadata", "labels"], to: current.merged(with: pairs))
            }
        }
        for entry in k["replacements"]?.items ?? [] {
            if let relative = entry["path"]?.string {
                guard let path = RepoPath.resolve(relative, from: folder), let document = index.documents[path]?.first else {
                    warn("gitops.missing-resource", "replacements file '\(relative)' does not exist", entry.location)
                    continue
                }
                filesUsed.insert(path)
                for replacement in document.items { objects = Self.replace(replacement, in: objects) }
            } else {
                objects = Self.replace(entry, in: objects)
            }
        }
        return objects
    }

    /// A kustomize `replacements` entry: copies one field of a source object into fields of the
    /// selected targets (dotted field paths; `options.create` makes missing fields).
    static func replace(_ replacement: YAMLTree, in objects: [RenderedObject]) -> [RenderedObject] {
        guard let source = replacement["source"] else { return objects }
        func selected(_ selector: YAMLTree, _ object: RenderedObject) -> Bool {
            (selector["kind"]?.string).map { $0 == object.kind } ?? true
                && (selector["name"]?.string).map { $0 == object.name } ?? true
                && (selector["group"]?.string).map { $0 == object.group } ?? true
                && (selector["namespace"]?.string).map { $0 == object.namespace } ?? true
        }
        let fieldPath = (source["fieldPath"]?.string ?? "metadata.name").split(separator: ".").map(String.init)
        guard let from = objects.first(where: { selected(source, $0) }), let value = from.tree.value(at: fieldPath) else { return objects }
        var result = objects
        for target in replacement["targets"]?.items ?? [] {
            guard let select = target["select"] else { continue }
            let create = target[path: "options", "create"]?.string == "true"
            let rejects = target["reject"]?.items ?? []
            for index in result.indices where selected(select, result[index]) && !rejects.contains(where: { selected($0, result[index]) }) {
                for path in target["fieldPaths"]?.items.compactMap(\.string) ?? [] {
                    let keys = path.split(separator: ".").map(String.init)
                    guard !keys.contains(where: { $0.contains("[") }) else { continue }
                    if create || result[index].tree.value(at: keys) != nil { result[index].tree.set(keys, to: value) }
                }
            }
        }
        return result
    }

    /// One entry of `patches`: inline or from a file, strategic merge or JSON 6902, with or without a target.
    mutating func applyPatch(_ patch: YAMLTree, folder: String, to objects: [RenderedObject]) -> [RenderedObject] {
        var bodies: [YAMLTree] = []
        if let text = patch.string, patch["path"] == nil {
            // patchesStrategicMerge entries are file paths or inline documents.
            if let path = RepoPath.resolve(text, from: folder), index.files.contains(path) {
                filesUsed.insert(path)
                bodies = index.documents[path] ?? []
            } else {
                bodies = Self.parse(text, at: patch.location)
            }
        } else if let relative = patch["path"]?.string {
            guard let path = RepoPath.resolve(relative, from: folder), index.files.contains(path) else {
                warn("gitops.missing-resource", "patch file '\(relative)' does not exist", patch.location)
                return objects
            }
            filesUsed.insert(path)
            bodies = index.documents[path] ?? []
        } else if let inline = patch["patch"] {
            bodies = inline.string.map { Self.parse($0, at: inline.location) } ?? [inline]
        }
        let target = patch["target"]
        var result = objects
        for body in bodies {
            let isJSON6902 = body.isSequence
            for index in result.indices {
                let selected: Bool
                if let target {
                    selected = KustomizePatch.matches(target, result[index])
                } else if isJSON6902 {
                    selected = false
                } else {
                    selected = body["kind"]?.string == result[index].kind
                        && body[path: "metadata", "name"]?.string == result[index].name
                        && (body[path: "metadata", "namespace"]?.string).map { $0 == result[index].namespace } ?? true
                }
                guard selected else { continue }
                if isJSON6902 {
                    var problems: [String] = []
                    result[index].tree = KustomizePatch.json6902(result[index].tree, operations: body.items, problems: &problems)
                    for problem in problems {
                        note("gitops.patch-not-applied", "patch operation \(problem) does not apply to \(result[index].kind)/\(result[index].name ?? "?")",
                             patch.location)
                    }
                } else {
                    var body = body
                    // A patch with a target may name another object; its name and kind do not rename.
                    body["kind"] = nil
                    body["apiVersion"] = nil
                    if var metadata = body["metadata"] { metadata["name"] = nil; metadata["namespace"] = nil; body["metadata"] = metadata }
                    result[index].tree = KustomizePatch.strategicMerge(result[index].tree, body)
                }
            }
        }
        return result
    }

    /// Rewrites container images of pod templates as kustomize `images` does.
    static func retag(_ tree: YAMLTree, images: [YAMLTree]) -> YAMLTree {
        var tree = tree
        for path in [["spec", "template", "spec"], ["spec", "jobTemplate", "spec", "template", "spec"], ["spec"]] {
            guard let pod = tree.value(at: path), pod["containers"] != nil else { continue }
            var newPod = pod
            for field in ["containers", "initContainers"] {
                guard let list = pod[field], list.isSequence else { continue }
                let items = list.items.map { container -> YAMLTree in
                    guard let image = container["image"], let text = image.string else { return container }
                    let name = text.split(separator: "@").first.map { part -> String in
                        let s = String(part)
                        if let colon = s.lastIndex(of: ":"), !s[colon...].contains("/") { return String(s[..<colon]) }
                        return s
                    } ?? text
                    guard let rule = images.first(where: { $0["name"]?.string == name }) else { return container }
                    var result = (rule["newName"]?.string ?? name)
                    if let digest = rule["digest"]?.string { result += "@" + digest } else if let tag = rule["newTag"]?.string { result += ":" + tag }
                    else if let old = text.dropFirst(name.count).nilIfEmpty { result += old }
                    var container = container
                    container["image"] = .scalar(result, at: rule.location)
                    return container
                }
                newPod[field] = .sequence(items, at: list.location)
            }
            tree.set(path, to: newPod)
            break
        }
        return tree
    }
}
