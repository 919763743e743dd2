import Foundation
import Mustache
import SiteTemplates

/// The Mustache templates, loaded once. Rendering is thread-safe.
public struct TemplateRenderer: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    let library: MustacheLibrary

    /// Mustache's own HTML escaping goes character by character; this one escapes the same five
    /// characters the same way (`HTML.escape`), byte by byte. Every template starts with the
    /// pragma that selects it (partials reset the content type, so each template carries it).
    struct ByteHTML: MustacheContentType {
        static let name = "ALMANAC_HTML"
        static let pragma = "{{% CONTENT_TYPE: \(name)}}\n"
        static let registered: Bool = {
            MustacheContentTypes.register(ByteHTML(), named: name)
            return true
        }()
        func escapeText(_ text: String) -> String { SafeHTML.escape(text) }
    }

    /// Loads every `*.mustache` below `directory` (default: the templates shipped with Almanac),
    /// registered by relative path without extension (`partials/facts`).
    public init(directory: URL = SiteTemplates.templatesDirectory) throws {
        _ = ByteHTML.registered
        var library = MustacheLibrary()
        let base = directory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else {
            throw Failure(description: "\(base): template folder not found")
        }
        var names: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".mustache") { names.append(relative) }
        }
        for relative in names.sorted() {
            let text = try String(contentsOfFile: base + "/" + relative, encoding: .utf8)
            do {
                try library.register(ByteHTML.pragma + text, named: String(relative.dropLast(".mustache".count)))
            } catch {
                throw Failure(description: "\(relative): template error: \(error)")
            }
        }
        self.library = library
    }

    public func render(_ template: String, _ context: [String: Any]) throws -> String {
        guard let output = library.render(context, withTemplate: template) else {
            throw Failure(description: "template '\(template)' not found")
        }
        return output
    }
}
