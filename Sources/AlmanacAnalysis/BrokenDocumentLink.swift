import AlmanacModel
import Foundation

/// Relative links in Markdown that lead to no file of the repository (`links.broken`), links
/// whose `#anchor` names no heading of the document they lead to (`links.missing-anchor`), and
/// links with a scheme that runs code, which the site drops (`links.unsafe-scheme`).
///
/// Anchors are the GitHub-style heading slugs the scan recorded (`Document.anchors`), the same
/// ids the site gives its headings, so a link that works on the forge works on the site. A link
/// to a folder checks the anchor against the folder's README. Anchors into other kinds of file
/// (`deployment.yaml#L12`) are line anchors of the source view and are not checked.
struct BrokenDocumentLink: Check {
    static let id = "links.broken"
    static let missingAnchorID = "links.missing-anchor"
    static let unsafeSchemeID = "links.unsafe-scheme"

    static func run(repository: Repository, index: RepositoryIndex) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for document in repository.documents {
            for link in document.links {
                switch link.target {
                case .external:
                    continue
                case .unsafe(let scheme):
                    findings.append(Diagnostic(
                        id: unsafeSchemeID, severity: .warning, location: link.location,
                        message: "\(link.isImage ? "image" : "link") with the unsafe scheme '\(scheme):' is dropped from the site",
                        note: "the site never links javascript:, vbscript:, file: or non-image data: URLs; link a page or an https: URL instead"))
                case .sameDocument(let fragment):
                    if let finding = missingAnchor(decoded(fragment), in: document, link: link, local: true) { findings.append(finding) }
                case .outside:
                    findings.append(broken(link, note: "the path climbs out of the repository"))
                case .repository(let path, let fragment):
                    guard index.links.exists(path) else {
                        findings.append(broken(link, note: "no file or folder at \(path)"))
                        continue
                    }
                    guard !link.isImage, let fragment, let target = index.links.document(shownAt: path) else { continue }
                    if let finding = missingAnchor(decoded(fragment), in: target, link: link, local: false) { findings.append(finding) }
                }
            }
        }
        return findings
    }

    static func broken(_ link: DocumentLink, note: String) -> Diagnostic {
        Diagnostic(id: id, severity: .warning, location: link.location,
                   message: "\(link.isImage ? "image" : "link") to '\(link.url)' leads nowhere in the repository", note: note)
    }

    /// An anchor as a heading id compares: percent escapes decoded.
    static func decoded(_ fragment: String) -> String {
        guard fragment.utf8.contains(UInt8(ascii: "%")) else { return fragment }
        return fragment.removingPercentEncoding ?? fragment
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
