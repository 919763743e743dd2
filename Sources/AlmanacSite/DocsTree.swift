import AlmanacAnalysis
import AlmanacModel
import Foundation

/// The folders of the repo's documents, as the side navigation, the breadcrumbs and the section
/// index pages show them. Two roots: `docs` (published at the site root) and the repository
/// (`""`, for Markdown outside docs/, published under `repo/`). Service READMEs belong to their
/// service pages, not here.
///
/// A folder's page is its README (or index.md) when it has one, enriched with the listing;
/// otherwise Almanac writes a listing page at the same address.
struct DocsTree: Sendable {
    struct Folder: Sendable {
        /// Repo-relative folder path (`docs/operations`); `""` is the repository root.
        var path: String
        /// Site path of the folder's index page.
        var page: String
        /// Short name for navigation and breadcrumbs (`Operations`).
        var name: String
        /// The document that is the folder's page, if any.
        var readme: Document?
        /// Documents directly inside, except the README, sorted by path.
        var documents: [Document] = []
        /// Diagram files directly inside (`.dot`, `.svg`, `.puml` …), sorted by path.
        var diagrams: [SourceFile] = []
        /// Paths of the folders directly inside, sorted.
        var subfolders: [String] = []

        var title: String { readme?.title ?? name }
    }

    static let docsRoot = "docs"
    static let repoRoot = ""

    private(set) var folders: [String: Folder] = [:]
    /// Root folders that exist, docs first.
    private(set) var roots: [String] = []

    /// `urls` gives each published document's page (worked out once, there).
    init(documents: [Document], files: [SourceFile], urls: SiteURLs) {
        let published = documents.filter { $0.kind != .serviceReadme }
        var folderPaths = Set<String>()
        var folderByPage: [String: String] = [:]
        func addWithAncestors(_ folder: String) {
            var current = folder
            while folderPaths.insert(current).inserted {
                if current == Self.docsRoot || current == Self.repoRoot { break }
                current = Self.parent(of: current)
            }
        }
        for document in published { addWithAncestors(Self.parent(of: document.path)) }
        let diagrams = files.filter { $0.role == .diagram && Self.isUnderDocs($0.path) && $0.publishableText != nil }
        for file in diagrams { addWithAncestors(Self.parent(of: file.path)) }

        for path in folderPaths {
            folders[path] = Folder(path: path, page: Self.page(ofFolder: path), name: Self.name(ofFolder: path))
            folderByPage[Self.page(ofFolder: path)] = path
        }
        for document in published {
            let folder = Self.parent(of: document.path)
            guard let page = urls.document(document.path) else { continue }
            if page == folders[folder]?.page, folders[folder]?.readme == nil {
                folders[folder]?.readme = document
            } else if let ownerPath = folderByPage[page], let owner = folders[ownerPath], owner.readme == nil, owner.path != folder {
                // `docs/operations.md` and the folder `docs/operations/` share an address: the file is the folder's page.
                folders[owner.path]?.readme = document
            } else {
                folders[folder]?.documents.append(document)
            }
        }
        for file in diagrams { folders[Self.parent(of: file.path)]?.diagrams.append(file) }
        for path in folderPaths.sorted() where path != Self.docsRoot && path != Self.repoRoot {
            folders[Self.parent(of: path)]?.subfolders.append(path)
        }
        for key in folders.keys {
            folders[key]?.documents.sort { $0.path < $1.path }
            folders[key]?.diagrams.sort { $0.path < $1.path }
        }
        roots = [Self.docsRoot, Self.repoRoot].filter { folders[$0] != nil }
        // Looked up once per page: built once here, so no page walks the tree.
        sortedPaths = folders.keys.sorted()
        for (path, folder) in folders {
            if let readme = folder.readme { folderByReadme[readme.path] = path }
            for (position, document) in folder.documents.enumerated() {
                if let page = urls.document(document.path) { positionByPage[page] = (path, position) }
            }
        }
        for path in sortedPaths.reversed() {
            guard let node = folders[path] else { continue }
            counts[path] = node.documents.count + (node.readme == nil ? 0 : 1)
                + node.subfolders.reduce(0) { $0 + (counts[$1] ?? 0) }
        }
    }

    private var sortedPaths: [String] = []
    private var folderByReadme: [String: String] = [:]
    private var positionByPage: [String: (folder: String, index: Int)] = [:]
    private var counts: [String: Int] = [:]

    /// The folder whose index page the document at `path` is (its README), if any.
    func folder(withReadme path: String) -> Folder? { folderByReadme[path].flatMap { folders[$0] } }

    /// Where the document whose page is `page` sits in `folder`'s sorted `documents`, if it is there.
    func position(ofPage page: String, in folder: String) -> Int? {
        positionByPage[page].flatMap { $0.folder == folder ? $0.index : nil }
    }

    subscript(path: String) -> Folder? { folders[path] }

    /// Every folder, sorted by path.
    var allFolders: [Folder] { sortedPaths.compactMap { folders[$0] } }

    /// The folders from the root down to `folder`, inclusive.
    func chain(to folder: String) -> [Folder] {
        var result: [Folder] = []
        var current = folder
        while let node = folders[current] {
            result.insert(node, at: 0)
            if current == Self.docsRoot || current == Self.repoRoot { break }
            current = Self.parent(of: current)
        }
        return result
    }

    /// Every document below `folder`, at any depth (the README included).
    func documentCount(below folder: String) -> Int { counts[folder] ?? 0 }

    static func isUnderDocs(_ path: String) -> Bool { path == docsRoot || path.hasPrefix(docsRoot + "/") }

    /// The folder that holds a file: `docs/a/b.md` → `docs/a`; a file at the top → `""`. A file
    /// right inside `docs/` stays in `docs`, and folders outside docs/ never climb into it.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return repoRoot }
        return String(path[..<slash])
    }

    /// The address of a folder's page: the address its README would have.
    static func page(ofFolder folder: String) -> String {
        DocumentPagePath.of(folder.isEmpty ? "README.md" : folder + "/README.md")
    }

    static func name(ofFolder folder: String) -> String {
        if folder == repoRoot { return "Repository" }
        if folder == docsRoot { return "Docs" }
        return MarkdownTitle.humanize((folder as NSString).lastPathComponent)
    }
}
