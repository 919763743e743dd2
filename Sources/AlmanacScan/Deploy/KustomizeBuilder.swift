import AlmanacModel
import Foundation
import Yams

/// Builds a folder as `kustomize build` would, statically: resources, components, generators,
/// patches, namespace, name prefix/suffix, images, labels and Helm charts inflated from values.
/// Remote resources are kept as references; what cannot be modelled is a diagnostic.
struct KustomizeBuilder {
    let index: ManifestIndex
    private(set) var diagnostics: [Diagnostic] = []
    /// Every repo file a build read.
    private(set) var filesUsed: Set<String> = []
    /// Helm charts inflated through `helmCharts`, for the coverage page.
    private(set) var charts: [(release: String, chart: String, model: HelmRenderOutput.Model, location: SourceLocation)] = []
    private var building: Set<String> = []
    private var cache: [String: [RenderedObject]] = [:]

    init(index: ManifestIndex) {
        self.index = index
    }

    /// Objects of a folder. Without a kustomization file Flux generates one over every manifest
    /// below the folder (`generate`); plain Argo CD directories take one level unless recursive.
    mutating func build(folder: String, generate: Bool = true, recurse: Bool = true) -> [RenderedObject] {
        let key = "\(folder)|\(generate)|\(recurse)"
        if let cached = cache[key] { return cached }
        guard !building.contains(folder) else { return [] }
        building.insert(folder)
        defer { building.remove(folder) }
        let objects: [RenderedObject]
        if let file = index.kustomizationFile(in: folder) {
            objects = apply(kustomizationAt: file, to: [])
        } else {
            objects = generated(folder: folder, recurse: generate && recurse)
        }
        cache[key] = objects
        return objects
    }

    /// Every manifest of a folder (and of its subfolders, which are built on their own when they
    /// have a kustomization), as Flux's generated kustomization does.
    private mutating func generated(folder: String, recurse: Bool) -> [RenderedObject] {
        var objects = (index.filesByFolder[folder] ?? []).filter(ManifestIndex.isYAML).flatMap { objectsOf(file: $0) }
        guard recurse else { return objects }
        for sub in index.subfolders(of: folder) {
            if RepoPath.basename(sub).hasPrefix(".") { continue }
            objects += index.kustomizationFile(in: sub) != nil ? build(folder: sub) : generated(folder: sub, recurse: true)
        }
        return objects
    }

    /// The Kubernetes objects written in a file.
    mutating func objectsOf(file: String) -> [RenderedObject] {
        filesUsed.insert(file)
        return (index.documents[file] ?? []).map { RenderedObject(tree: $0) }.filter(\.isObject)
            .filter { !Self.isKustomizeConfig($0) }
    }

    static func isKustomizeConfig(_ object: RenderedObject) -> Bool {
        object.group == "kustomize.config.k8s.io"
    }

    /// Applies the kustomization (or Component) in `file` on top of `base` (components see what
    /// the including kustomization built so far).
    mutating func apply(kustomizationAt file: String, to base: [RenderedObject]) -> [RenderedObject] {
        filesUsed.insert(file)
        let folder = RepoPath.parent(of: file)
        guard let k = index.documents[file]?.first, k.isMapping else {
            note("gitops.unreadable-kustomization", "kustomization cannot be read; its folder is skipped", SourceLocation(path: file))
            return base
        }
        var objects = base
        for entry in (k["resources"]?.items ?? []) + (k["bases"]?.items ?? []) {
            guard let reference = entry.string else { continue }
            objects += resource(reference, from: folder, at: entry.location)
        }
        for entry in k["components"]?.items ?? [] {
            guard let reference = entry.string else { continue }
            objects = component(reference, from: folder, at: entry.location, to: objects)
        }
        objects += generators(k, folder: folder)
        objects += pluginGenerators(k, folder: folder)
        for chart in k["helmCharts"]?.items ?? [] { objects += inflate(chart, folder: folder, kustomization: k) }
        objects = transform(objects, with: k, folder: folder)
        return objects
    }

    /// Resources of an entry of `resources`: a file, a folder, or a remote reference.
    private mutating func resource(_ reference: String, from folder: String, at location: SourceLocation) -> [RenderedObject] {
        if RepoPath.isRemote(reference) {
            return [Self.remote(reference, at: location)]
        }
        guard let path = RepoPath.resolve(reference, from: folder) else {
            warn("gitops.missing-resource", "resource '\(reference)' points outside the repository", location)
            return []
        }
        if index.files.contains(path) { return objectsOf(file: path) }
        if index.isFolder(path) {
            if index.kustomizationFile(in: path) == nil {
                warn("gitops.missing-resource", "resource folder '\(reference)' has no kustomization.yaml; kustomize would fail here",
                     location, note: "its manifests are read as if it had one")
            }
            return build(folder: path)
        }
        warn("gitops.missing-resource", "resource '\(reference)' does not exist", location)
        return []
    }

    mutating func component(_ reference: String, from folder: String, at location: SourceLocation,
                            to objects: [RenderedObject]) -> [RenderedObject] {
        guard let path = RepoPath.resolve(reference, from: folder), let file = index.kustomizationFile(in: path) else {
            warn("gitops.missing-resource", "component '\(reference)' does not exist", location)
            return objects
        }
        return apply(kustomizationAt: file, to: objects)
    }

    /// A remote resource, kept as a reference the service catalog can show.
    static func remote(_ reference: String, at location: SourceLocation) -> RenderedObject {
        RenderedObject(tree: .mapping([
            ("apiVersion", .scalar("almanac.dev/v1", at: location)),
            ("kind", .scalar("RemoteResource", at: location)),
            ("metadata", .mapping([("name", .scalar(reference, at: location))], at: location)),
        ], at: location))
    }

    // MARK: Generators

    private mutating func generators(_ k: YAMLTree, folder: String) -> [RenderedObject] {
        var objects: [RenderedObject] = []
        for (key, kind) in [("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")] {
            for generator in k[key]?.items ?? [] {
                guard let name = generator["name"]?.string else { continue }
                var data: [(String, YAMLTree)] = []
                for literal in generator["literals"]?.items ?? [] {
                    guard let text = literal.string else { continue }
                    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                    // Secret values never enter the model; generated Secrets keep their keys only.
                    let value = kind == "Secret" ? "" : (parts.count > 1 ? parts[1] : "")
                    data.append((parts[0], .scalar(value, at: literal.location)))
                }
                for entry in generator["files"]?.items ?? [] {
                    guard let text = entry.string else { continue }
                    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                    let relative = parts.count > 1 ? parts[1] : parts[0]
                    let dataKey = parts.count > 1 ? parts[0] : RepoPath.basename(relative)
                    guard let path = RepoPath.resolve(relative, from: folder), index.files.contains(path) else {
                        warn("gitops.missing-resource", "generator file '\(relative)' does not exist", entry.location)
                        continue
                    }
                    filesUsed.insert(path)
                    // The value points at the file itself, so values read from it keep their lines.
                    let content = kind == "Secret" ? "" : (index.text(of: path) ?? "")
                    data.append((dataKey, .scalar(content, at: SourceLocation(path: path, line: 1, column: 1))))
                }
                var metadata: [(String, YAMLTree)] = [("name", .scalar(name, at: generator.location))]
                if let namespace = generator["namespace"]?.string { metadata.append(("namespace", .scalar(namespace, at: generator.location))) }
                let labels = generator[path: "options", "labels"] ?? k[path: "generatorOptions", "labels"]
                let annotations = generator[path: "options", "annotations"] ?? k[path: "generatorOptions", "annotations"]
                if let labels { metadata.append(("labels", labels)) }
                if let annotations { metadata.append(("annotations", annotations)) }
                let object = RenderedObject(tree: .mapping([
                    ("apiVersion", .scalar("v1", at: generator.location)),
                    ("kind", .scalar(kind, at: generator.location)),
                    ("metadata", .mapping(metadata, at: generator.location)),
                    (kind == "Secret" ? "stringData" : "data", .mapping(data, at: generator.location)),
                ], at: generator.location))
                let behavior = generator["behavior"]?.string ?? "create"
                if behavior != "create", let existing = objects.firstIndex(where: { $0.kind == kind && $0.name == name }) {
                    objects[existing].tree = behavior == "replace" ? object.tree
                        : KustomizePatch.strategicMerge(objects[existing].tree, object.tree)
                } else {
                    objects.append(object)
                }
            }
        }
        return objects
    }

    /// `generators:` KRM functions. KSOPS generators name the SOPS files they decrypt: those
    /// Secrets are deployed (by name; their values are never read). Other plugins are noted.
    private mutating func pluginGenerators(_ k: YAMLTree, folder: String) -> [RenderedObject] {
        var objects: [RenderedObject] = []
        for entry in k["generators"]?.items ?? [] {
            guard let reference = entry.string, let path = RepoPath.resolve(reference, from: folder), index.files.contains(path) else { continue }
            filesUsed.insert(path)
            for generator in index.documents[path] ?? [] {
                guard generator["kind"]?.string?.lowercased() == "ksops" else {
                    note("gitops.generator-unsupported", "generator \(generator["kind"]?.string ?? "?") runs a plugin; what it generates is not known",
                         generator.location)
                    continue
                }
                for file in generator["files"]?.items ?? [] {
                    guard let relative = file.string, let secret = RepoPath.resolve(relative, from: RepoPath.parent(of: path)) else { continue }
                    objects += objectsOf(file: secret)
                }
            }
        }
        return objects
    }

    /// A `helmCharts` entry: the chart's release rendered from its values (inline and files).
    private mutating func inflate(_ chart: YAMLTree, folder: String, kustomization k: YAMLTree) -> [RenderedObject] {
        guard let name = chart["name"]?.string else { return [] }
        var values = YAMLTree.mapping([], at: chart.location)
        let files = ([chart["valuesFile"]] + (chart["additionalValuesFiles"]?.items ?? [])).compactMap { $0?.string }
        for relative in files {
            guard let path = RepoPath.resolve(relative, from: folder), let document = index.documents[path]?.first else {
                warn("gitops.missing-resource", "values file '\(relative)' does not exist", chart.location)
                continue
            }
            filesUsed.insert(path)
            values = values.merged(with: document)
        }
        if let inline = chart["valuesInline"] { values = values.merged(with: inline) }
        let release = chart["releaseName"]?.string ?? name
        let namespace = chart["namespace"]?.string ?? k["namespace"]?.string
        let output = HelmValuesRenderer.render(HelmRenderInput(
            releaseName: release, namespace: namespace, chartName: name, chartSource: chart["repo"]?.string,
            values: values, chartVersion: chart["version"]?.string))
        charts.append((release, name, output.model, chart.location))
        // The release itself, so its folder is an app even when its values say nothing readable.
        var marker = Self.remote(name, at: chart.location)
        marker.tree["kind"] = .scalar("HelmChartInflation", at: chart.location)
        marker.setName(release)
        if let namespace { marker.setNamespace(namespace) }
        return [marker] + output.objects.map { tree in
            var object = RenderedObject(tree: tree, origin: .values, release: release)
            if let namespace, object.namespace == nil, object.isNamespaced { object.setNamespace(namespace) }
            return object
        }
    }

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

    /// Parses an inline patch; lines count from the scalar that holds it.
    static func parse(_ text: String, at location: SourceLocation) -> [YAMLTree] {
        YAMLDocumentSplitter.split(text).compactMap { chunk in
            guard let node = try? Yams.compose(yaml: chunk.text, .basic) else { return nil }
            return YAMLTree(node: node, path: location.path, lineOffset: location.line + chunk.firstLine - 1)
        }
    }

    mutating func warn(_ id: String, _ message: String, _ location: SourceLocation, note: String? = nil) {
        diagnostics.append(Diagnostic(id: id, severity: .warning, location: location, message: message, note: note))
    }

    mutating func note(_ id: String, _ message: String, _ location: SourceLocation) {
        diagnostics.append(Diagnostic(id: id, severity: .note, location: location, message: message))
    }
}

extension Substring {
    var nilIfEmpty: Substring? { isEmpty ? nil : self }
}

extension KustomizeBuilder {
    /// Records a file read outside a build (a chart's Chart.yaml, an Argo values file).
    mutating func markUsed(_ path: String) { filesUsed.insert(path) }
}
