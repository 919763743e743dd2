import AlmanacModel
import Foundation

extension DeploymentResolver {
    struct Root {
        var object: RenderedObject
        var description: String
        var location: SourceLocation
    }

    /// Flux roots: the bootstrap Kustomization `flux-system`, a FluxInstance's `sync.path` (also
    /// through the flux-instance chart's values), or else Kustomizations that nothing renders.
    mutating func findFluxRoots(_ documents: [RenderedObject]) -> [Root] {
        var roots: [Root] = []
        for object in documents where object.kind == "Kustomization" && object.name == "flux-system" {
            let path = object.tree[path: "spec", "path"]?.string ?? ""
            roots.append(Root(object: object, description: "Kustomization flux-system → \(path)", location: object.tree.location))
        }
        for object in documents where object.kind == "FluxInstance" {
            guard let sync = object.tree[path: "spec", "sync"], let path = sync["path"]?.string else { continue }
            roots.append(Root(object: Self.syntheticRoot(name: sync["name"]?.string ?? object.namespace ?? "flux-system", path: path, at: sync.location),
                              description: "FluxInstance \(object.name ?? "flux") sync.path → \(path)", location: sync.location))
        }
        for object in documents where object.kind == "HelmRelease" && (object.name == "flux-instance"
            || object.tree[path: "spec", "chart", "spec", "chart"]?.string == "flux-instance") {
            guard let (path, location) = fluxInstanceSyncPath(object) else { continue }
            roots.append(Root(object: Self.syntheticRoot(name: "flux-system", path: path, at: location),
                              description: "flux-instance values instance.sync.path → \(path)", location: location))
        }
        if !roots.isEmpty {
            // One root per cluster folder: a repo may carry both a gotk-sync and a FluxInstance.
            var seen = Set<String>()
            return roots.filter { seen.insert(RepoPath.fromRoot($0.object.tree[path: "spec", "path"]?.string ?? "") ?? "").inserted }
        }
        // No bootstrap in git: Kustomizations whose file no other Kustomization's folder holds.
        let flux = documents.filter { $0.kind == "Kustomization" }
        let folders = flux.compactMap { $0.tree[path: "spec", "path"]?.string.flatMap(RepoPath.fromRoot) }
        return flux.filter { object in
            !folders.contains { folder in object.sourcePath.hasPrefix(folder.isEmpty ? "" : folder + "/") || folder.isEmpty }
        }.map { Root(object: $0, description: "Kustomization \($0.name ?? "?") (rendered by nothing in git)", location: $0.tree.location) }
    }

    static func syntheticRoot(name: String, path: String, at location: SourceLocation) -> RenderedObject {
        RenderedObject(tree: .mapping([
            ("apiVersion", .scalar("kustomize.toolkit.fluxcd.io/v1", at: location)),
            ("kind", .scalar("Kustomization", at: location)),
            ("metadata", .mapping([("name", .scalar(name, at: location)), ("namespace", .scalar("flux-system", at: location))], at: location)),
            ("spec", .mapping([("path", .scalar(path, at: location))], at: location)),
        ], at: location))
    }

    /// `instance.sync.path` of the flux-instance chart: inline values, or a values file that a
    /// configMapGenerator next to the HelmRelease turns into the ConfigMap it reads.
    func fluxInstanceSyncPath(_ release: RenderedObject) -> (String, SourceLocation)? {
        if let node = release.tree[path: "spec", "values", "instance", "sync", "path"], let path = node.string { return (path, node.location) }
        let folder = RepoPath.parent(of: release.sourcePath)
        for candidate in [folder, RepoPath.parent(of: folder)] {
            for file in index.yamlFiles(in: candidate, recursive: true) where RepoPath.basename(file).hasPrefix("values") {
                if let node = index.documents[file]?.first?[path: "instance", "sync", "path"], let path = node.string { return (path, node.location) }
            }
        }
        return nil
    }

    /// Argo documents that another Argo Application's source would render.
    mutating func containedArgoDocuments(_ argo: [RenderedObject]) -> Set<String> {
        var contained = Set<String>()
        for app in argo where app.kind == "Application" {
            for source in Self.sources(of: app.tree) {
                guard source["chart"] == nil, let path = source["path"]?.string, let folder = RepoPath.fromRoot(path),
                      index.isFolder(folder) else { continue }
                let recurse = source[path: "directory", "recurse"]?.string == "true"
                for object in builder.build(folder: folder, generate: recurse, recurse: recurse) where object.group == "argoproj.io" {
                    if Self.documentKey(object.tree.location) != Self.documentKey(app.tree.location) {
                        contained.insert(Self.documentKey(object.tree.location))
                    }
                }
            }
        }
        return contained
    }

    static func sources(of application: YAMLTree) -> [YAMLTree] {
        if let sources = application[path: "spec", "sources"]?.items, !sources.isEmpty { return sources }
        return [application[path: "spec", "source"]].compactMap { $0 }
    }

    /// The cluster a root belongs to: the folder after `clusters/`, else the root's folder when
    /// several roots exist, else `default`.
    func clusterName(for path: String, among paths: [String]) -> String {
        let parts = path.split(separator: "/").map(String.init)
        if let index = parts.firstIndex(where: { $0 == "clusters" || $0 == "cluster" }), index + 1 < parts.count - 1,
           Set(paths.compactMap { p -> String? in
               let q = p.split(separator: "/").map(String.init)
               guard let i = q.firstIndex(where: { $0 == "clusters" || $0 == "cluster" }), i + 1 < q.count - 1 else { return nil }
               return q[i + 1]
           }).count > 1 || parts[index] == "clusters" {
            let name = parts[index + 1]
            if !["flux-system", "flux", "apps", "base"].contains(name) { return name }
        }
        return "default"
    }
}
