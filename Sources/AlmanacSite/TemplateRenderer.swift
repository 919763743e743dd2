import Foundation
import Mustache
import SiteTemplates

/// The Mustache templates, loaded once. Rendering is thread-safe.
public struct TemplateRenderer: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    let library: MustacheLibrary

    /// Loads every `*.mustache` below `directory` (default: the templates shipped with Almanac),
    /// registered by relative path without extension (`partials/facts`).
    public init(directory: URL = SiteTemplates.templatesDirectory) throws {
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
                try library.register(text, named: String(relative.dropLast(".mustache".count)))
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
