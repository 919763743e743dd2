import AlmanacModel
import Foundation

/// Every parsed YAML document of the repo by file, and the repo's folders: what the deployment
/// stage builds from, so it never reads a file twice or walks the disk per lookup.
struct ManifestIndex: Sendable {
    let root: URL
    /// Parsed documents by repo-relative path.
    let documents: [String: [YAMLTree]]
    /// Every file Almanac saw (YAML or not), repo-relative.
    let files: Set<String>
    /// Every folder holding a file, and their ancestors; "" is the root.
    let folders: Set<String>
    /// Files by their folder, sorted.
    let filesByFolder: [String: [String]]
    /// Direct subfolders of each folder, sorted.
    let subfoldersByFolder: [String: [String]]
    /// Every document by its `kind`, in path and document order: lookups by kind and name
    /// (a ConfigMap for substitution, an OCIRepository for a chart) never walk the repo.
    let documentsByKind: [String: [YAMLTree]]

    init(root: URL, documents: [String: [YAMLTree]], files: [String]) {
        self.root = root
        self.documents = documents
        self.files = Set(files)
        var folders: Set<String> = [""]
        var byFolder: [String: [String]] = [:]
        for file in files {
            var folder = RepoPath.parent(of: file)
            byFolder[folder, default: []].append(file)
            while !folders.contains(folder) {
                folders.insert(folder)
                folder = RepoPath.parent(of: folder)
            }
        }
        self.folders = folders
        self.filesByFolder = byFolder.mapValues { $0.sorted() }
        var subfolders: [String: [String]] = [:]
        for folder in folders where !folder.isEmpty { subfolders[RepoPath.parent(of: folder), default: []].append(folder) }
        self.subfoldersByFolder = subfolders.mapValues { $0.sorted() }
        var byKind: [String: [YAMLTree]] = [:]
        for path in documents.keys.sorted() {
            for tree in documents[path] ?? [] { if let kind = tree["kind"]?.string { byKind[kind, default: []].append(tree) } }
        }
        self.documentsByKind = byKind
    }

    static let kustomizationNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// The kustomization file of a folder, if it has one.
    func kustomizationFile(in folder: String) -> String? {
        Self.kustomizationNames.map { RepoPath.join(folder, $0) }.first { files.contains($0) }
    }

    func isFolder(_ path: String) -> Bool { folders.contains(path) }

    /// The text of a repo file, read on demand (values files, generator inputs).
    func text(of path: String) -> String? {
        guard files.contains(path), let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
            return nil
        }
        return String(data: data, encoding: .utf8)
    }

    /// YAML files in a folder (and below it when `recursive`), sorted.
    func yamlFiles(in folder: String, recursive: Bool) -> [String] {
        let direct = (filesByFolder[folder] ?? []).filter(Self.isYAML)
        guard recursive else { return direct }
        return direct + subfolders(of: folder).flatMap { yamlFiles(in: $0, recursive: true) }
    }

    /// Direct subfolders of a folder, sorted.
    func subfolders(of folder: String) -> [String] { subfoldersByFolder[folder] ?? [] }

    static func isYAML(_ path: String) -> Bool { path.hasSuffix(".yaml") || path.hasSuffix(".yml") }
}

/// Repo-relative path arithmetic: no leading `./`, no `..` left, "" for the root.
enum RepoPath {
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func join(_ folder: String, _ name: String) -> String {
        if name.isEmpty { return folder }
        return folder.isEmpty ? name : folder + "/" + name
    }

    /// Resolves `relative` against `folder`; nil when it climbs above the repo root.
    static func resolve(_ relative: String, from folder: String) -> String? {
        var parts = relative.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
        for part in relative.split(separator: "/") {
            switch part {
            case ".", "": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// A path as Flux and Argo write it (`./kubernetes/apps`), relative to the repo root.
    static func fromRoot(_ path: String) -> String? { resolve(path, from: "") }

    static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func isRemote(_ reference: String) -> Bool {
        reference.hasPrefix("https://") || reference.hasPrefix("http://") || reference.hasPrefix("github.com/")
            || reference.hasPrefix("git@") || reference.hasPrefix("ssh://") || reference.contains("://")
    }
}
