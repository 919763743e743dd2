/// A Markdown document of the repo, with its front matter and body.
public struct Document: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case adr = "ADR"
        case runbook = "Runbook"
        case guide = "Guide"
        case pattern = "Pattern"
        case maintenance = "Maintenance"
        case reference = "Reference"
        case serviceReadme = "Service README"
        case doc = "Document"
    }

    /// Path relative to the repo root.
    public var path: String
    public var kind: Kind
    public var title: String
    public var frontMatter: FrontMatter
    /// The Markdown after the front matter.
    public var body: String
    /// 1-based line of the body's first line in the file.
    public var bodyLine: Int
    /// The service folder this README documents, for service READMEs.
    public var serviceID: String?
    /// Links and images in the body, with their file lines.
    public var links: [DocumentLink]
    /// Heading anchors of the body, in order.
    public var anchors: [String]
    /// The body's headings, in order, with the anchors above.
    public var headings: [DocumentHeading] = []
    /// The body rendered to HTML once, by the scan, with each link and image destination left as
    /// a numbered slot (the index into `links`) for the site to fill with the page-relative URL;
    /// nil when the body could not be rendered that way (the site then renders it itself).
    public var html: String?

    public init(path: String, kind: Kind, title: String, frontMatter: FrontMatter = FrontMatter(), body: String,
                bodyLine: Int = 1, serviceID: String? = nil, links: [DocumentLink] = [], anchors: [String] = []) {
        self.path = path
        self.kind = kind
        self.title = title
        self.frontMatter = frontMatter
        self.body = body
        self.bodyLine = bodyLine
        self.serviceID = serviceID
        self.links = links
        self.anchors = anchors
    }
}

/// A heading of a document: level, plain text and the anchor the site gives it.
public struct DocumentHeading: Hashable, Sendable, Codable {
    public var level: Int
    public var text: String
    public var id: String

    public init(level: Int, text: String, id: String) {
        self.level = level
        self.text = text
        self.id = id
    }
}

/// A link or image destination written in a document.
public struct DocumentLink: Hashable, Sendable, Codable {
    public var url: String
    public var isImage: Bool
    public var location: SourceLocation

    public init(url: String, isImage: Bool, location: SourceLocation) {
        self.url = url
        self.isImage = isImage
        self.location = location
    }

    /// Where the link points, read from the document it is in (`LinkTarget`).
    public var target: LinkTarget { LinkTarget.of(url, from: location.path, isImage: isImage) }
}

/// YAML front matter reduced to strings and string lists, in file order.
public struct FrontMatter: Hashable, Sendable, Codable {
    public enum Value: Hashable, Sendable, Codable {
        case string(String)
        case list([String])

        /// The values as a list (a single string becomes one element).
        public var list: [String] {
            switch self {
            case .string(let text): text.isEmpty ? [] : [text]
            case .list(let items): items
            }
        }

        /// The value as text; lists are joined with ", ".
        public var text: String {
            switch self {
            case .string(let text): text
            case .list(let items): items.joined(separator: ", ")
            }
        }
    }

    public struct Entry: Hashable, Sendable, Codable {
        public var key: String
        public var value: Value
        public var line: Int

        public init(key: String, value: Value, line: Int) {
            self.key = key
            self.value = value
            self.line = line
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    public subscript(key: String) -> Value? { entries.first { $0.key == key }?.value }
    public var isEmpty: Bool { entries.isEmpty }
}
