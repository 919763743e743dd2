import AlmanacModel
import Foundation

/// Reads the images documents show, so the site can copy them: the targets of `![…](…)` that
/// are image files of the repo, and the `.svg` diagrams under docs/ (shown on their folder's
/// page). Nothing else is read — the site never copies arbitrary files.
///
/// SVG is a script-capable format: the site shows SVGs only through `<img>` (where script does
/// not run), but a reader can still open the copied file directly, so SVGs with script, event
/// handlers, foreign objects or script URLs are not published at all and get a diagnostic.
enum DocumentImageLoader {
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif"]

    static func load(root: URL, documents: [Document], files: [SourceFile]) -> ([DocumentImage], [Diagnostic]) {
        let readable = Dictionary(files.filter { $0.role != .skipped && $0.role != .sensitive }.map { ($0.path, $0) },
                                  uniquingKeysWith: { first, _ in first })
        var wanted = Set<String>()
        for document in documents {
            for link in document.links where link.isImage {
                guard let path = LinkTarget.of(link.url, from: document.path).path, isImage(path),
                      readable[path] != nil else { continue }
                wanted.insert(path)
            }
        }
        for file in files where file.role == .diagram && file.path.hasPrefix("docs/") && file.path.lowercased().hasSuffix(".svg") {
            wanted.insert(file.path)
        }
        var images: [DocumentImage] = []
        var diagnostics: [Diagnostic] = []
        for path in wanted.sorted() {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else { continue }
            if path.lowercased().hasSuffix(".svg") {
                if let problem = SVGSafety.problem(in: String(decoding: data, as: UTF8.self)) {
                    diagnostics.append(Diagnostic(
                        id: "docs.unsafe-svg", severity: .warning, location: SourceLocation(path: path, line: problem.line),
                        message: "SVG '\((path as NSString).lastPathComponent)' contains \(problem.what); it is not published",
                        note: "remove scripts, event handlers and script URLs from the file; drawings need none of them"))
                    continue
                }
            }
            images.append(DocumentImage(path: path, data: data))
        }
        return (images, diagnostics)
    }

    static func isImage(_ path: String) -> Bool {
        imageExtensions.contains((path as NSString).pathExtension.lowercased())
    }
}
