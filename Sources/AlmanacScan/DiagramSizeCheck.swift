import AlmanacModel
import CMark
import Graphviz

/// `docs.diagram-too-large`: a Graphviz diagram of the repo (a `.dot`/`.gv` file under docs/, or a
/// ```` ```dot ```` block in a Markdown document) with more nodes or edges than `GraphvizLimits`
/// allows. The site does not lay it out; its page shows why, and the DOT source.
enum DiagramSizeCheck {
    /// The folder whose diagram files the site shows (as `DocsTree.docsRoot`).
    static let docsRoot = "docs/"

    static func diagnostic(dot: String, at location: SourceLocation) -> Diagnostic? {
        guard let size = GraphvizRenderer.measure(dot: dot), size.isTooLarge else { return nil }
        return Diagnostic(id: "docs.diagram-too-large", severity: .warning, location: location,
                          message: "Graphviz diagram has \(size.description); it is not laid out",
                          note: "split it into smaller diagrams; its page shows the DOT source instead")
    }

    /// The diagnostics of the Graphviz blocks of a Markdown document; `bodyLine` is the line of
    /// the file where the rendered body starts.
    static func diagnostics(codeBlocks: [MarkdownRenderer.CodeBlock], path: String, bodyLine: Int) -> [Diagnostic] {
        codeBlocks.filter { GraphvizRenderer.fenceLanguages.contains($0.language.lowercased()) }.compactMap { block in
            diagnostic(dot: block.text, at: SourceLocation(path: path, line: bodyLine + block.line - 1))
        }
    }
}
