import AlmanacModel
import CCmarkGFM
import Foundation

/// Renders GitHub-flavoured Markdown to HTML through cmark-gfm, in safe mode (raw HTML and
/// `javascript:` links are dropped), with heading ids and a record of headings and links.
///
/// cmark-gfm's parser is not thread-safe even with one parser per thread: the inline pass of
/// `cmark_parser_finish` sets and clears process-global tables (`SPECIAL_CHARS`, `SKIP_CHARS`)
/// for the inline extensions, so finishing holds a process-wide lock. Measured with
/// ThreadSanitizer on a sanitized build of the library (4 threads, tens of thousands of
/// parses): locking `cmark_parser_finish` alone gave no race report and no output different
/// from a serial parse, while an unlocked finish raced on those tables and lost strikethrough
/// and autolinks. Creating parsers, block parsing (`cmark_parser_feed`), walking and rendering
/// finished trees run concurrently.
public enum MarkdownRenderer {
    /// A heading of the document, with the id it was given.
    public struct Heading: Hashable, Sendable {
        public var level: Int
        public var text: String
        public var id: String
    }

    /// A link or image destination and the line it is on (relative to the Markdown given).
    public struct Link: Hashable, Sendable {
        public var url: String
        public var line: Int
        public var isImage: Bool
    }

    /// A fenced code block that names its language (the first word of its info string).
    public struct CodeBlock: Hashable, Sendable {
        public var language: String
        public var text: String
        /// The line of its opening fence (relative to the Markdown given).
        public var line: Int
    }

    public struct Output: Sendable {
        public var html: String
        public var headings: [Heading]
        public var links: [Link]
        public var codeBlocks: [CodeBlock] = []
    }

    private static let parseLock = NSLock()
    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Renders `markdown`. `rewriteLink` may return a new destination for a link or image
    /// (for example a `.md` path turned into a page URL); returning nil keeps it.
    public static func render(_ markdown: String, rewriteLink: ((String, Bool) -> String?)? = nil) -> Output {
        render(markdown) { _, url, isImage in rewriteLink?(url, isImage) }
    }

    // MARK: Slots: render once, fill in links later

    /// What a slotted rendering puts where link `n`'s destination goes: `almanac-slot-<n>.`.
    public static let slotPrefix = "almanac-slot-"

    /// Renders `markdown` with every link and image destination replaced by a slot numbered by
    /// its index in `links`, so the HTML can be made once and its links resolved per page with
    /// `fillSlots`. Destinations cmark drops in safe mode (`javascript:` …) stay as they are and
    /// are dropped. Nil when the text itself contains the slot marker.
    public static func renderSlotted(_ markdown: String) -> Output? {
        guard !markdown.containsBytes(slotPrefix) else { return nil }
        return render(markdown) { index, url, _ in isDangerous(url) ? nil : "\(slotPrefix)\(index)." }
    }

    /// Fills the slots of `html` with `url(index)`, escaped as cmark escapes a destination.
    public static func fillSlots(_ html: String, _ url: (Int) -> String) -> String {
        let bytes = Array(html.utf8)
        let prefix = Array(slotPrefix.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 256)
        var copied = 0
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while let found = ByteSearch.find(prefix, in: buffer, from: index) {
                var end = found + prefix.count
                var number = 0
                while end < buffer.count, buffer[end] >= 0x30, buffer[end] <= 0x39 {
                    number = number * 10 + Int(buffer[end] - 0x30)
                    end += 1
                }
                guard end < buffer.count, buffer[end] == UInt8(ascii: "."), end > found + prefix.count else {
                    index = found + 1
                    continue
                }
                result.append(contentsOf: buffer[copied..<found])
                result.append(contentsOf: escapeHref(url(number)).utf8)
                index = end + 1
                copied = index
            }
        }
        result.append(contentsOf: bytes[copied...])
        return String(decoding: result, as: UTF8.self)
    }

    /// A destination escaped for an `href`/`src` attribute exactly as cmark's HTML renderer does.
    public static func escapeHref(_ url: String) -> String {
        var buffer = cmark_strbuf()
        cmark_strbuf_init(cmark_get_default_mem_allocator(), &buffer, 0)
        defer { cmark_strbuf_free(&buffer) }
        let bytes = Array(url.utf8)
        _ = houdini_escape_href(&buffer, bytes, bufsize_t(bytes.count))
        guard let pointer = buffer.ptr, buffer.size > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: Int(buffer.size)), as: UTF8.self)
    }

    /// cmark's safe mode drops these destinations (`_scan_dangerous_url`, case-insensitive).
    static func isDangerous(_ url: String) -> Bool {
        let lower = url.prefix(16).lowercased()
        for image in ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"] where lower.hasPrefix(image) {
            return false
        }
        return ["javascript:", "vbscript:", "file:", "data:"].contains { lower.hasPrefix($0) }
    }

    /// Renders `markdown`; `rewrite(index, url, isImage)` may give link `index` a new destination.
    static func render(_ markdown: String, rewrite: (Int, String, Bool) -> String?) -> Output {
        _ = registered
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        guard let parser = cmark_parser_new(options) else { return Output(html: "", headings: [], links: []) }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        // Block parsing runs concurrently; only finishing (the inline pass) holds the lock.
        markdown.withCString { pointer in cmark_parser_feed(parser, pointer, strlen(pointer)) }
        parseLock.lock()
        let document = cmark_parser_finish(parser)
        parseLock.unlock()
        defer {
            if let document { cmark_node_free(document) }
            cmark_parser_free(parser)
        }
        guard let document else { return Output(html: "", headings: [], links: []) }

        var headings: [Heading] = []
        var links: [Link] = []
        var codeBlocks: [CodeBlock] = []
        var slugs = SlugRegistry()
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HEADING {
                let text = plainText(of: node)
                headings.append(Heading(level: Int(cmark_node_get_heading_level(node)), text: text,
                                        id: slugs.unique(Slug.make(text))))
            } else if type == CMARK_NODE_CODE_BLOCK {
                let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
                if let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first {
                    codeBlocks.append(CodeBlock(language: String(language),
                                                text: cmark_node_get_literal(node).map { String(cString: $0) } ?? "",
                                                line: Int(cmark_node_get_start_line(node))))
                }
            } else if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                guard let raw = cmark_node_get_url(node) else { continue }
                let url = String(cString: raw)
                let isImage = type == CMARK_NODE_IMAGE
                links.append(Link(url: url, line: line(of: node), isImage: isImage))
                if let rewritten = rewrite(links.count - 1, url, isImage), rewritten != url {
                    cmark_node_set_url(node, rewritten)
                }
            }
        }
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let rendered = cmark_render_html(document, options, extensions) else {
            return Output(html: "", headings: headings, links: links, codeBlocks: codeBlocks)
        }
        let html = String(cString: rendered)
        free(rendered)
        return Output(html: addHeadingIDs(html, headings: headings), headings: headings, links: links, codeBlocks: codeBlocks)
    }

    /// Headings and links of `markdown`.
    public static func outline(_ markdown: String) -> (headings: [Heading], links: [Link]) {
        let output = render(markdown)
        return (output.headings, output.links)
    }

    /// The line a node starts on. Links the autolink extension makes (`https://…`, `www.…`) have
    /// no position of their own (0): they are on their nearest positioned ancestor's line.
    private static func line(of node: OpaquePointer) -> Int {
        var current: OpaquePointer? = node
        while let node = current {
            let line = Int(cmark_node_get_start_line(node))
            if line > 0 { return line }
            current = cmark_node_parent(node)
        }
        return 1
    }

    /// Concatenated text of a node's descendants (text and inline code).
    private static func plainText(of node: OpaquePointer) -> String {
        var result = ""
        let iterator = cmark_iter_new(node)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(child) {
                result += String(cString: literal)
            }
        }
        return result
    }

    /// Safe mode drops raw HTML, so every `<hN>` in the output is a Markdown heading, in order.
    /// Byte by byte: this runs over every rendered document.
    private static func addHeadingIDs(_ html: String, headings: [Heading]) -> String {
        guard !headings.isEmpty else { return html }
        let bytes = Array(html.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + headings.count * 24)
        var heading = 0
        var copied = 0
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while heading < headings.count, let open = ByteSearch.find(UInt8(ascii: "<"), in: buffer, from: index) {
                index = open + 1
                guard open + 3 < count, buffer[open + 1] == UInt8(ascii: "h"),
                      (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(buffer[open + 2]),
                      buffer[open + 3] == UInt8(ascii: ">") else { continue }
                result.append(contentsOf: buffer[copied..<(open + 3)])
                result.append(contentsOf: " id=\"\(headings[heading].id)\">".utf8)
                heading += 1
                index = open + 4
                copied = index
            }
        }
        result.append(contentsOf: bytes[copied...])
        return String(decoding: result, as: UTF8.self)
    }
}
