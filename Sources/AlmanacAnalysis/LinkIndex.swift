import AlmanacModel

/// What a document's link can lead to, looked up by repository path (`LinkTarget.path`): the
/// files and folders of the repository, and the document a path shows (a folder shows its
/// README or index). Built once; the broken-link check, the knowledge base and the site use it.
public struct LinkIndex: Sendable {
    let files: Set<String>
    let folders: Set<String>
    let documents: [String: Document]

    public init(files: [String], documents: [Document]) {
        var folders = Set<String>()
        for path in files {
            var folder = Substring(path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                guard folders.insert(String(folder)).inserted else { break }
            }
        }
        self.files = Set(files)
        self.folders = folders
        self.documents = Dictionary(documents.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A file or folder of the repository is there ("" is the root).
    public func exists(_ path: String) -> Bool {
        path.isEmpty || files.contains(path) || folders.contains(path)
    }

    /// The document at exactly `path`.
    public func document(at path: String) -> Document? { documents[path] }

    /// The document at `path`, or the README (or index) of the folder at `path`.
    public func document(shownAt path: String) -> Document? {
        if let document = documents[path] { return document }
        let prefix = path.isEmpty ? "" : path + "/"
        return documents[prefix + "README.md"] ?? documents[prefix + "readme.md"] ?? documents[prefix + "index.md"]
    }
}
