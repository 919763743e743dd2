import AlmanacModel
import Foundation

/// Relative links in Markdown that lead to no file of the repository (`links.broken`), and
/// links whose `#anchor` names no heading of the document they lead to (`links.missing-anchor`).
///
/// Anchors are the GitHub-style heading slugs the scan recorded (`Document.anchors`), the same
/// ids the site gives its headings, so a link that works on the forge works on the site. A link
/// to a folder checks the anchor against the folder's README. Anchors into other kinds of file
/// (`deployment.yaml#L12`) are line anchors of the source view and are not checked.
struct BrokenDocumentLink: Check {
    static let id = "links.broken"
    static let missingAnchorID = "links.missing-anchor"

    static func run(repository: Repository, index: RepositoryIndex) -> [Diagnostic] {
        var files = Set<String>()
        var folders = Set<String>()
        for file in repository.files {
            files.insert(file.path)
            var folder = file.path
            while let slash = folder.lastIndex(of: "/") {
                folder = String(folder[..<slash])
                guard folders.insert(folder).inserted else { break }
            }
        }
        let documents = Dictionary(repository.documents.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [Diagnostic] = []
        for document in repository.documents {
            let base = document.path.split(separator: "/").dropLast().joined(separator: "/")
            for link in document.links {
                let (target, fragment) = split(link.url)
                if link.url.hasPrefix("#") {
                    if let finding = missingAnchor(fragment, in: document, link: link, local: true) { findings.append(finding) }
                    continue
                }
                guard link.isRepositoryLink else { continue }
                let path = target.split(separator: "?").first.map(String.init) ?? target
                if path.isEmpty { continue }
                let resolved = RepositoryPath.normalize(path.hasPrefix("/") ? String(path.dropFirst())
                                                        : (base.isEmpty ? path : "\(base)/\(path)"))
                guard let resolved, files.contains(resolved) || folders.contains(resolved) || resolved.isEmpty else {
                    let what = link.isImage ? "image" : "link"
                    findings.append(Diagnostic(
                        id: id, severity: .warning, location: link.location,
                        message: "\(what) to '\(link.url)' leads nowhere in the repository",
                        note: resolved.map { "no file or folder at \($0)" } ?? "the path climbs out of the repository"))
                    continue
                }
                guard !link.isImage, let fragment else { continue }
                let prefix = resolved.isEmpty ? "" : resolved + "/"
                let targetDocument = documents[resolved] ?? documents[prefix + "README.md"] ?? documents[prefix + "readme.md"]
                    ?? documents[prefix + "index.md"]
                guard let targetDocument else { continue }
                if let finding = missingAnchor(fragment, in: targetDocument, link: link, local: false) { findings.append(finding) }
            }
        }
        return findings
    }

    /// The target before `#`, and the anchor after it (percent-decoded; nil when there is none).
    static func split(_ url: String) -> (String, String?) {
        guard let hash = url.firstIndex(of: "#") else { return (url, nil) }
        let fragment = String(url[url.index(after: hash)...])
        return (String(url[..<hash]), fragment.removingPercentEncoding ?? fragment)
    }

    static func missingAnchor(_ fragment: String?, in document: Document, link: DocumentLink, local: Bool) -> Diagnostic? {
        // `#` alone and `#top` mean the top of the page.
        guard let fragment, !fragment.isEmpty, fragment != "top", !document.anchors.contains(fragment) else { return nil }
        let place = local ? "this document" : "'\(document.path)'"
        var note: String
        if let match = document.anchors.first(where: { $0 == fragment.lowercased() }) {
            note = "anchors are lower case: use '#\(match)'"
        } else if document.anchors.isEmpty {
            note = "\(local ? "this document" : document.path) has no headings"
        } else {
            let shown = document.anchors.prefix(8).map { "#\($0)" }.joined(separator: ", ")
            note = "its headings' anchors: \(shown)\(document.anchors.count > 8 ? ", …" : "")"
        }
        return Diagnostic(id: missingAnchorID, severity: .warning, location: link.location,
                          message: "link to '\(link.url)' names no heading '\(fragment)' in \(place)", note: note)
    }
}
