import AlmanacModel
import Foundation
import Yams

/// Builds a folder as `kustomize build` would, statically: resources, components, generators,
/// patches, namespace, name prefix/suffix, images, labels and Helm charts inflated from values.
/// Remote resources are kept as references; what cannot be modelled is a diagnostic.
struct KustomizeBuilder {
    let index: ManifestIndex
    var diagnostics: [Diagnostic] = []
    /// Every repo file a build read.
    var filesUsed: Set<String> = []
    /// Helm charts inflated through `helmCharts`, for the coverage page.
    var charts: [(release: String, chart: String, model: HelmRenderOutput.Model, location: SourceLocation)] = []
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
        guard !building.contains(folder) else {
            // Kustomize refuses a folder that includes itself; so does the build, once, with a note.
            note("gitops.resource-cycle", "'\(folder)' includes itself through its resources; the cycle is not followed",
                 SourceLocation(path: index.kustomizationFile(in: folder) ?? folder))
            return []
        }
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

    /// Parses an inline patch; lines count from the scalar that holds it.
    static func parse(_ text: String, at location: SourceLocation) -> [YAMLTree] {
        YAMLDocumentSplitter.split(text).compactMap { chunk in
            guard let node = try? YAMLLimits.compose(chunk.text) else { return nil }
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
