import Foundation
import Mustache

/// HTML that templates place as it is. Nothing else can be: templates have no `{{{ }}}`, and
/// `{{ }}` escapes every value except a SafeHTML. A SafeHTML is made in one of three ways, each
/// named at the call site: cmark-gfm's safe renderer (raw HTML and unsafe links dropped), the SVG
/// sanitiser (which runs inside `sanitizedSVG`), or Almanac's own markup built from escaped parts.
struct SafeHTML: MustacheCustomRenderable, MustacheParent, Sendable, Equatable {
    let html: String

    private init(_ html: String) { self.html = html }

    /// Output of the Markdown renderer (safe mode), after Almanac's own rewriting of it.
    static func renderedMarkdown(_ html: String) -> SafeHTML { SafeHTML(html) }

    /// SVG rewritten through the element and attribute whitelist of `DiagramSVGSanitizer`.
    static func sanitizedSVG(_ svg: String, idPrefix: String = "") -> SafeHTML {
        SafeHTML(DiagramSVGSanitizer.sanitize(svg, idPrefix: idPrefix))
    }

    /// Markup Almanac writes itself, every value in it escaped (`HTML.escape`).
    static func built(_ html: String) -> SafeHTML { SafeHTML(html) }

    /// A per-process secret in front of the HTML: the template escaper passes text through
    /// unescaped only after it, and no repository text can know it. Never written out.
    static let marker = "\u{0}" + UUID().uuidString + "\u{0}"

    var renderText: String { Self.marker + html }
    var isNull: Bool { html.isEmpty }
    /// No keys: inside `{{#graph}}…{{graph}}…{{/graph}}` the name finds the value itself in the
    /// enclosing context, never this struct's stored text.
    func child(named: String) -> Any? { nil }

    /// What the template escaper does with a rendered value.
    static func escape(_ text: String) -> String {
        if text.utf8.first == 0, text.hasPrefix(marker) { return String(text.dropFirst(marker.count)) }
        return HTML.escape(text)
    }
}
