/// One ApplicationSet generator parameter: a string, or nested values in goTemplate mode.
///
/// Legacy (fasttemplate) param sets are flat, with dotted keys (`path.basename`, `values.env`);
/// goTemplate param sets nest (`path` is a map with `basename`, `segments` …).
indirect enum ApplicationSetParam: Sendable, Hashable {
    case string(String)
    case list([ApplicationSetParam])
    case map([String: ApplicationSetParam])

    typealias Set = [String: ApplicationSetParam]

    init(_ tree: YAMLTree) {
        switch tree.content {
        case .scalar: self = .string(tree.string ?? "")
        case .sequence(let items): self = .list(items.map(ApplicationSetParam.init))
        case .mapping(let entries):
            self = .map(Dictionary(entries.map { ($0.key, ApplicationSetParam($0.value)) }, uniquingKeysWith: { first, _ in first }))
        }
    }

    /// The keys of a generator element as params: nested in goTemplate mode, flattened with dots
    /// (`a.b`, lists as `a.0`) in legacy mode, as Argo CD's git files generator flattens them.
    static func params(of element: YAMLTree, goTemplate: Bool) -> Set {
        var params: Set = [:]
        for entry in element.entries {
            if goTemplate {
                params[entry.key] = ApplicationSetParam(entry.value)
            } else {
                ApplicationSetParam(entry.value).flatten(into: &params, key: entry.key)
            }
        }
        return params
    }

    private func flatten(into params: inout Set, key: String) {
        switch self {
        case .string: params[key] = self
        case .list(let items): for (index, item) in items.enumerated() { item.flatten(into: &params, key: "\(key).\(index)") }
        case .map(let map): for (name, value) in map { value.flatten(into: &params, key: "\(key).\(name)") }
        }
    }

    /// Path params of a git generator: `path`, `path.basename`, `path[N]` … (legacy) or a `path`
    /// map (goTemplate), under `pathParamPrefix` when one is set.
    static func pathParams(directory: String, filename: String?, prefix: String?, goTemplate: Bool) -> Set {
        let segments = directory.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let basename = segments.last ?? directory
        var fields: [(String, String)] = [("basename", basename), ("basenameNormalized", normalize(basename))]
        if let filename {
            fields += [("filename", filename), ("filenameNormalized", normalize(filename))]
        }
        if goTemplate {
            var path: [String: ApplicationSetParam] = ["path": .string(directory), "segments": .list(segments.map { .string($0) })]
            for (key, value) in fields { path[key] = .string(value) }
            guard let prefix else { return ["path": .map(path)] }
            return [prefix: .map(["path": .map(path)])]
        }
        let name = prefix.map { "\($0).path" } ?? "path"
        var params: Set = [name: .string(directory)]
        for (key, value) in fields { params["\(name).\(key)"] = .string(value) }
        for (index, segment) in segments.enumerated() where !segment.isEmpty {
            params["\(name)[\(index)]"] = .string(segment)
        }
        return params
    }

    /// The value at a dotted key: one flat key in legacy mode, a walk through maps in goTemplate mode.
    static func lookup(_ key: String, in params: Set, goTemplate: Bool) -> ApplicationSetParam? {
        guard goTemplate else { return params[key] }
        var current: ApplicationSetParam? = .map(params)
        for part in key.split(separator: ".") {
            guard case .map(let map)? = current else { return nil }
            current = map[String(part)]
        }
        return current
    }

    /// `overlay` over `base`: maps merge key by key (goTemplate), anything else is replaced.
    static func merge(_ base: Set, _ overlay: Set) -> Set {
        base.merging(overlay) { old, new in
            if case .map(let oldMap) = old, case .map(let newMap) = new { return .map(merge(oldMap, newMap)) }
            return new
        }
    }

    /// Argo CD's `SanitizeName` (`normalize`, `basenameNormalized`): lower case, `[^-a-z0-9.]` to `-`,
    /// at most 253 characters, no leading or trailing `-` or `.`.
    static func normalize(_ name: String) -> String {
        let mapped = String(name.lowercased().map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || character == "-" || character == ".") ? character : "-"
        }.prefix(253))
        return String(mapped.drop { $0 == "-" || $0 == "." }.reversed().drop { $0 == "-" || $0 == "." }.reversed())
    }

    /// `slugify`: lower case, runs of other characters to one `-`, trimmed, cut to `maxSize`
    /// (at the last `-` before it when `smartTruncate`).
    static func slugify(_ name: String, maxSize: Int = 50, smartTruncate: Bool = true) -> String {
        var slug = ""
        for character in name.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        guard maxSize > 0, slug.count > maxSize else { return slug }
        var cut = String(slug.prefix(maxSize))
        if smartTruncate, slug.dropFirst(maxSize).first != "-", let dash = cut.lastIndex(of: "-") {
            cut = String(cut[..<dash])
        }
        while cut.last == "-" { cut.removeLast() }
        return cut
    }
}
