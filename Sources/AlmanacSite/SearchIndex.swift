import AlmanacModel
import Foundation

/// The search index of a site, split so that a query loads little: a small manifest, term
/// shards by prefix (postings only), one fragment per page (title, sections and their text, for
/// the hits shown), and one facets file (kind and category of every page, for the search page).
/// Every part is a script calling `almanacSearch(...)`, so it loads from `file://` as well as
/// over HTTP. The format is documented in the README ("Search index format").
struct SearchIndex: Sendable {
    /// Where a term sits in a page; a higher field ranks higher.
    enum Field: Int, Sendable {
        /// `name` is a one-word title itself (`prometheus`), above a title that holds the word.
        case body = 0, heading = 1, keyword = 2, title = 3, name = 4
    }

    static let folder = "assets/search/"
    /// A shard above this many bytes is split by one more character of prefix.
    static let shardBudget = 12_000
    static let maxPrefix = 6
    /// Fragment text limits: a snippet needs the words near the hit, not whole tables.
    static let sectionTextLimit = 150
    static let pageTextLimit = 600
    /// Fragments of this many consecutive pages share a file: a quarter of the files to write,
    /// and a query showing 20 hits still loads at most 20 small files.
    static let fragmentGroup = 4
    /// Kinds in facet order; others follow alphabetically.
    static let kindOrder = ["service", "runbook", "alert", "adr", "doc", "page"]

    /// What the index keeps of one page: made as the page is written (`Entry(document)`, in the
    /// thread that rendered it), so the page's full text is not kept until the end.
    struct Entry: Sendable {
        var path: String
        var kind: String
        var category: String
        var skip: Bool
        /// The page's fragment (JSON), as `p/<n>.js` holds it.
        var fragment: String
        /// Each term of the page once, with its code (see `termCodes`), packed: every page's
        /// terms are held until the end, and a list of strings takes three times the memory.
        var codes: PackedCodes

        init(_ document: SearchDocument) {
            path = document.path
            kind = document.kind
            category = document.category
            skip = document.skip
            fragment = document.skip ? "" : SearchIndex.fragment(document)
            codes = PackedCodes(document.skip ? [] : SearchIndex.termCodes(of: document))
        }
    }

    /// Terms and codes in one byte buffer: each term's UTF-8, a 0 byte (terms hold letters and
    /// digits only), then its code as a base-128 varint.
    struct PackedCodes: Sendable {
        private(set) var bytes: [UInt8] = []

        init(_ codes: [(String, Int)]) {
            bytes.reserveCapacity(codes.count * 10)
            for (term, code) in codes {
                bytes.append(contentsOf: term.utf8)
                bytes.append(0)
                var value = UInt(code)
                while value >= 0x80 {
                    bytes.append(UInt8(value & 0x7F) | 0x80)
                    value >>= 7
                }
                bytes.append(UInt8(value))
            }
        }

        func forEach(_ body: (String, Int) -> Void) {
            bytes.withUnsafeBufferPointer { buffer in
                var index = 0
                while index < buffer.count {
                    let start = index
                    while buffer[index] != 0 { index += 1 }
                    let term = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
                    index += 1
                    var code = 0
                    var shift = 0
                    while true {
                        let byte = buffer[index]
                        index += 1
                        code |= Int(byte & 0x7F) << shift
                        if byte < 0x80 { break }
                        shift += 7
                    }
                    body(term, code)
                }
            }
        }
    }

    let documents: [Entry]
    /// Terms in byte order, each with its postings (document, section × 8 + field) by document,
    /// already encoded as `SearchEncoding.vlq` does.
    let terms: [(term: String, postings: String)]

    init(documents: [Entry], terms: [(term: String, postings: String)]) {
        self.documents = documents
        self.terms = terms
    }

    /// Builds the index of `documents` (already in path order).
    static func build(_ documents: [SearchDocument]) -> SearchIndex {
        build(entries: Parallel.map(documents) { Entry($0) })
    }

    /// Builds the index of pages already read (in path order). The merge is sequential and
    /// ordered, so the bytes are deterministic. Postings are encoded as they are merged, and each
    /// page's terms are let go once merged, so the whole index is never held twice.
    static func build(entries: consuming [Entry]) -> SearchIndex {
        struct Postings {
            var previous = 0
            var encoded = ""
            mutating func add(_ document: Int, _ code: Int) {
                SearchEncoding.appendVLQ(document - previous, to: &encoded)
                SearchEncoding.appendVLQ(code, to: &encoded)
                previous = document
            }
        }
        var merged: [String: Postings] = [:]
        for document in entries.indices {
            entries[document].codes.forEach { term, code in merged[term, default: Postings()].add(document, code) }
            entries[document].codes = PackedCodes([])
        }
        let terms = merged.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, merged[$0]!.encoded) }
        return SearchIndex(documents: entries, terms: terms)
    }

    /// Each term of the page once, as `section × 8 + field`: the best field it appears in (for
    /// ranking), and the section a hit should open: the top of the page for a title word,
    /// else the first section with the term in its heading, else the first with it in the text.
    static func termCodes(of document: SearchDocument) -> [(String, Int)] {
        // One entry per term (one hash per occurrence): its best field, and the first section
        // with it in a heading and in the text.
        struct Seen {
            var field: Field
            var heading: Int?
            var body: Int?
            mutating func update(_ kind: Field, _ section: Int) {
                if field.rawValue < kind.rawValue { field = kind }
                if kind == .heading, heading == nil { heading = section }
                if kind == .body, body == nil { body = section }
            }
        }
        var seen: [String: Seen] = [:]
        seen.reserveCapacity(512)
        func add(_ text: String, _ source: Field, _ section: Int) {
            SearchTokenizer.forEachTerm(in: text) { term, whole in
                // A piece of a title word (`renewal` in `CertificateRenewalFailure`) ranks as a
                // keyword: the runbook titled "Certificate renewal" comes first for those words.
                let kind = source == .title && !whole ? Field.keyword : source
                seen[term, default: Seen(field: kind, heading: nil, body: nil)].update(kind, section)
            }
        }
        if !document.title.contains(where: \.isWhitespace), let name = SearchTokenizer.terms(document.title).first {
            seen[name] = Seen(field: .name, heading: nil, body: nil)
        }
        add(document.title, .title, 0)
        add(document.keywords + " " + document.category, .keyword, 0)
        for (index, section) in document.sections.enumerated() {
            add(section.heading, .heading, index)
            for heading in section.minorHeadings { add(heading, .heading, index) }
            add(section.text, .body, index)
        }
        // In no particular order: the merge appends by document, and sorts the terms once.
        return seen.map { term, entry in
            let section = entry.field.rawValue >= Field.title.rawValue ? 0 : entry.heading ?? entry.body ?? 0
            return (term, section * 8 + entry.field.rawValue)
        }
    }

    // MARK: Files

    /// The index as site files under `assets/search/`.
    func files() -> [Page] {
        let shards = Self.shards(terms.map(\.term), sizes: terms.map { $0.term.utf8.count + $0.postings.utf8.count + 6 })
        var files = Parallel.map(Array(shards.enumerated())) { number, shard in
            var body = "almanacSearch(\"shard\",\(number),{"
            body += shard.range.map { "\(SearchEncoding.literal(terms[$0].term)):\"\(terms[$0].postings)\"" }.joined(separator: ",")
            body += "});\n"
            return Page(path: "\(Self.folder)t/\(number).js", text: body)
        }
        let groups = Array(stride(from: 0, to: documents.count, by: Self.fragmentGroup))
        files += Parallel.map(groups) { first in
            let members = documents[first..<min(first + Self.fragmentGroup, documents.count)]
            let body = members.map(\.fragment).joined(separator: ",")
            return Page(path: "\(Self.folder)p/\(first / Self.fragmentGroup).js", text: "almanacSearch(\"pages\",\(first),[\(body)]);\n")
        }
        files.append(Page(path: "\(Self.folder)facets.js", text: "almanacSearch(\"facets\",\(facets()));\n"))
        var hasher = SearchEncoding.FNV()
        for file in files { hasher.add(file.data) }
        // Terms never hold white space, so the shard keys travel as one space-separated string.
        let keys = SearchEncoding.literal(shards.map(\.key).joined(separator: " "))
        let manifest = "almanacSearch(\"manifest\",{\"version\":\"\(hasher.hex)\",\"pages\":\(documents.count),"
            + "\"group\":\(Self.fragmentGroup),\"shards\":\(keys)});\n"
        files.append(Page(path: "\(Self.folder)manifest.js", text: manifest))
        return files
    }

    /// Groups the sorted terms into shards: by their first two characters, and a group over the
    /// budget by one more character (terms as long as the prefix stay in the shorter group).
    /// A query prefix then needs the shards whose key starts with it, plus the longest key that
    /// is a prefix of it.
    static func shards(_ terms: [String], sizes: [Int]) -> [(key: String, range: [Int])] {
        var result: [(key: String, range: [Int])] = []
        func split(_ members: [Int], prefixLength: Int, key: String) {
            let size = members.reduce(0) { $0 + sizes[$1] }
            if size <= shardBudget || prefixLength >= maxPrefix {
                result.append((key, members))
                return
            }
            var own: [Int] = []
            var groups: [(String, [Int])] = []
            for member in members {
                let scalars = terms[member].unicodeScalars
                if scalars.count <= prefixLength {
                    own.append(member)
                    continue
                }
                let next = SearchTokenizer.string(scalars.prefix(prefixLength + 1))
                if groups.last?.0 == next { groups[groups.count - 1].1.append(member) } else { groups.append((next, [member])) }
            }
            if !own.isEmpty { result.append((key, own)) }
            for (childKey, childMembers) in groups { split(childMembers, prefixLength: prefixLength + 1, key: childKey) }
        }
        var start = 0
        while start < terms.count {
            let key = SearchTokenizer.string(terms[start].unicodeScalars.prefix(2))
            var end = start
            while end < terms.count, terms[end].unicodeScalars.starts(with: key.unicodeScalars) { end += 1 }
            split(Array(start..<end), prefixLength: 2, key: key)
            start = end
        }
        return result
    }

    /// `{"u":path,"t":title,"k":kind,"c":category,"s":[[anchor,heading,text],…]}`.
    static func fragment(_ document: SearchDocument) -> String {
        var budget = Self.pageTextLimit
        let sections = document.sections.map { section -> String in
            let limit = max(0, min(Self.sectionTextLimit, budget))
            let text = SearchEncoding.clip(section.text, to: limit)
            budget -= text.count
            return "[\(SearchEncoding.literal(section.anchor)),\(SearchEncoding.literal(section.heading)),\(SearchEncoding.literal(text))]"
        }
        return "{\"u\":\(SearchEncoding.literal(document.path)),\"t\":\(SearchEncoding.literal(document.title)),"
            + "\"k\":\(SearchEncoding.literal(document.kind)),\"c\":\(SearchEncoding.literal(document.category)),"
            + "\"s\":[\(sections.joined(separator: ","))]}"
    }

    /// `{"kinds":[…],"categories":[…],"width":w,"pages":"…"}`: per page one base-36 character
    /// for the kind's index, then `width` for the category's.
    func facets() -> String {
        let presentKinds = Set(documents.map(\.kind))
        let kinds = Self.kindOrder.filter(presentKinds.contains) + presentKinds.subtracting(Self.kindOrder).sorted()
        let categories = Set(documents.map(\.category)).sorted()
        let kindIndex = Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($1, $0) })
        let categoryIndex = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        let width = categories.count <= 36 ? 1 : categories.count <= 1_296 ? 2 : 3
        var code = ""
        for document in documents {
            code += SearchEncoding.base36(kindIndex[document.kind]!, width: 1)
            code += SearchEncoding.base36(categoryIndex[document.category]!, width: width)
        }
        return "{\"kinds\":[\(kinds.map(SearchEncoding.literal).joined(separator: ","))],"
            + "\"categories\":[\(categories.map(SearchEncoding.literal).joined(separator: ","))],"
            + "\"width\":\(width),\"pages\":\"\(code)\"}"
    }
}
