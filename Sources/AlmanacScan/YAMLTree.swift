import AlmanacModel
import Yams

/// A YAML document as plain values, every node carrying its place in the repo.
///
/// Built once from the parser's output with merge keys applied and aliases resolved, so the
/// deployment stages (Kustomize patches, Flux substitution, Helm values merged from several
/// files, objects a chart would render from values) transform values without the parser, and
/// every fact still points at the file and line it came from.
struct YAMLTree: Sendable, Hashable {
    indirect enum Content: Sendable, Hashable {
        /// Text of a scalar; `plain` is false for quoted and block scalars (`"null"` is a string).
        case scalar(String, plain: Bool)
        case mapping([Entry])
        case sequence([YAMLTree])
    }

    struct Entry: Sendable, Hashable {
        var key: String
        var keyLocation: SourceLocation
        var value: YAMLTree

        init(key: String, keyLocation: SourceLocation, value: YAMLTree) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    var content: Content
    var location: SourceLocation

    init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// Converts a composed document; `lineOffset` is the document's first line in the file minus one.
    init(node: Node, path: String, lineOffset: Int) {
        func place(_ mark: Mark?) -> SourceLocation {
            SourceLocation(path: path, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1)
        }
        switch node {
        case .scalar(let scalar):
            self.init(.scalar(scalar.string, plain: scalar.style == .plain || scalar.style == .any), at: place(scalar.mark))
        case .sequence(let sequence):
            self.init(.sequence(sequence.map { YAMLTree(node: $0, path: path, lineOffset: lineOffset) }),
                      at: place(sequence.mark))
        case .mapping(let mapping):
            var entries: [Entry] = []
            var merged: [Entry] = []
            var mergedKeys = Set<String>()
            for (key, value) in mapping {
                let keyText = key.scalar?.string ?? ""
                if keyText == "<<" {
                    // Merge keys: `<<: *defaults` or `<<: [*a, *b]`; own keys win, earlier sources win.
                    let sources: [Node] = if case .sequence(let items) = value { Array(items) } else { [value] }
                    for source in sources {
                        let tree = YAMLTree(node: source, path: path, lineOffset: lineOffset)
                        for entry in tree.entries where mergedKeys.insert(entry.key).inserted {
                            merged.append(entry)
                        }
                    }
                    continue
                }
                entries.append(Entry(key: keyText, keyLocation: place(key.mark),
                                     value: YAMLTree(node: value, path: path, lineOffset: lineOffset)))
            }
            let own = Set(entries.map(\.key))
            entries += merged.filter { !own.contains($0.key) }
            self.init(.mapping(entries), at: place(mapping.mark))
        case .alias(let alias):
            // Yams resolves aliases while composing; one left over is an undefined anchor.
            self.init(.scalar("*\(alias.anchor.rawValue)", plain: true), at: place(alias.mark))
        }
    }

    // MARK: Building

    static func scalar(_ text: String, at location: SourceLocation, plain: Bool = false) -> YAMLTree {
        YAMLTree(.scalar(text, plain: plain), at: location)
    }

    static func mapping(_ pairs: [(String, YAMLTree)], at location: SourceLocation) -> YAMLTree {
        YAMLTree(.mapping(pairs.map { Entry(key: $0.0, keyLocation: $0.1.location, value: $0.1) }), at: location)
    }

    static func sequence(_ items: [YAMLTree], at location: SourceLocation) -> YAMLTree {
        YAMLTree(.sequence(items), at: location)
    }

    // MARK: Reading

    var entries: [Entry] {
        if case .mapping(let entries) = content { return entries }
        return []
    }

    var items: [YAMLTree] {
        if case .sequence(let items) = content { return items }
        return []
    }

    var isMapping: Bool { if case .mapping = content { true } else { false } }
    var isSequence: Bool { if case .sequence = content { true } else { false } }

    /// Scalar text; nil for mappings, sequences and null.
    var string: String? {
        guard case .scalar(let text, let plain) = content else { return nil }
        if plain, ["~", "null", "Null", "NULL", ""].contains(text) { return nil }
        return text
    }

    var isNull: Bool {
        guard case .scalar(let text, let plain) = content else { return false }
        return plain && ["~", "null", "Null", "NULL", ""].contains(text)
    }

    subscript(key: String) -> YAMLTree? {
        get {
            guard case .mapping(let entries) = content else { return nil }
            return entries.first { $0.key == key }?.value
        }
        set {
            guard case .mapping(var entries) = content else {
                if let newValue { content = .mapping([Entry(key: key, keyLocation: newValue.location, value: newValue)]) }
                return
            }
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(key: key, keyLocation: newValue.location, value: newValue))
            }
            content = .mapping(entries)
        }
    }

    subscript(path keys: String...) -> YAMLTree? { value(at: keys) }

    func value(at keys: [String]) -> YAMLTree? {
        var current: YAMLTree? = self
        for key in keys { current = current?[key] }
        return current
    }

    /// Sets a value at a path of keys, creating mappings on the way (at this node's location).
    mutating func set(_ keys: [String], to value: YAMLTree) {
        guard let first = keys.first else { self = value; return }
        if keys.count == 1 { self[first] = value; return }
        var child = self[first] ?? .mapping([], at: location)
        if !child.isMapping { child = .mapping([], at: child.location) }
        child.set(Array(keys.dropFirst()), to: value)
        self[first] = child
    }

    /// The same tree with every scalar's text passed through `transform` (keys untouched).
    func mapScalars(_ transform: (String, SourceLocation) -> String) -> YAMLTree {
        switch content {
        case .scalar(let text, let plain):
            let new = transform(text, location)
            return new == text ? self : YAMLTree(.scalar(new, plain: plain), at: location)
        case .sequence(let items):
            return YAMLTree(.sequence(items.map { $0.mapScalars(transform) }), at: location)
        case .mapping(let entries):
            return YAMLTree(.mapping(entries.map {
                Entry(key: $0.key, keyLocation: $0.keyLocation, value: $0.value.mapScalars(transform))
            }), at: location)
        }
    }

    /// Every scalar below this node, in document order.
    var allScalars: [YAMLTree] {
        switch content {
        case .scalar: [self]
        case .mapping(let entries): entries.flatMap(\.value.allScalars)
        case .sequence(let items): items.flatMap(\.allScalars)
        }
    }

    /// Deep merge as Helm merges values: mappings merge key by key, anything else is replaced.
    func merged(with overlay: YAMLTree) -> YAMLTree {
        guard case .mapping(var base) = content, case .mapping(let top) = overlay.content else { return overlay }
        for entry in top {
            if let index = base.firstIndex(where: { $0.key == entry.key }) {
                if entry.value.isNull { base.remove(at: index); continue }  // Helm: null deletes a key
                base[index].value = base[index].value.merged(with: entry.value)
            } else {
                base.append(entry)
            }
        }
        return YAMLTree(.mapping(base), at: location)
    }
}
