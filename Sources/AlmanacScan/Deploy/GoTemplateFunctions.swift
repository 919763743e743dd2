/// The sprig and Argo CD template functions ApplicationSets use most; others are `.unsupported`.
enum GoTemplateFunctions {
    typealias Value = GoTemplate.Value

    static func call(_ name: String, _ arguments: [Value]) throws(GoTemplate.Failure) -> Value {
        func arity(_ count: Int) throws(GoTemplate.Failure) {
            guard arguments.count == count else {
                throw .error("wrong number of args for \(name): want \(count) got \(arguments.count)")
            }
        }
        let strings = arguments.map(text)
        switch name {
        case "lower": try arity(1); return .string(strings[0].lowercased())
        case "upper": try arity(1); return .string(strings[0].uppercased())
        case "title": try arity(1); return .string(title(strings[0]))
        case "trim": try arity(1); return .string(strings[0].trimmingWhitespace())
        case "trimPrefix":
            try arity(2)
            return .string(strings[1].hasPrefix(strings[0]) ? String(strings[1].dropFirst(strings[0].count)) : strings[1])
        case "trimSuffix":
            try arity(2)
            return .string(strings[1].hasSuffix(strings[0]) ? String(strings[1].dropLast(strings[0].count)) : strings[1])
        case "replace": try arity(3); return .string(replaceAll(strings[2], strings[0], strings[1]))
        case "trunc":
            try arity(2)
            guard case .int(let length) = arguments[0] else { throw .error("trunc needs a number") }
            let text = strings[1]
            return .string(length >= 0 ? String(text.prefix(length)) : String(text.suffix(-length)))
        case "default":
            try arity(2)
            return GoTemplateEvaluator.isTrue(arguments[1]) ? arguments[1] : arguments[0]
        case "quote", "squote":
            let mark = name == "quote" ? "\"" : "'"
            return .string(arguments.filter { $0 != .null }.map {
                mark + (name == "quote" ? goQuoted(text($0)) : text($0)) + mark
            }.joined(separator: " "))
        case "normalize": try arity(1); return .string(ApplicationSetParam.normalize(strings[0]))
        case "slugify":
            guard let last = strings.last else { throw .error("slugify needs a string") }
            var maxSize = 50
            var smart = true
            if arguments.count == 3, case .int(let size) = arguments[0], case .bool(let flag) = arguments[1] {
                maxSize = size
                smart = flag
            }
            return .string(ApplicationSetParam.slugify(last, maxSize: maxSize, smartTruncate: smart))
        case "toString": try arity(1); return .string(strings[0])
        case "cat": return .string(arguments.filter { $0 != .null }.map(text).joined(separator: " "))
        case "contains": try arity(2); return .bool(strings[0].isEmpty || strings[1].contains(strings[0]))
        case "hasPrefix": try arity(2); return .bool(strings[1].hasPrefix(strings[0]))
        case "hasSuffix": try arity(2); return .bool(strings[1].hasSuffix(strings[0]))
        case "empty": try arity(1); return .bool(!GoTemplateEvaluator.isTrue(arguments[0]))
        case "not": try arity(1); return .bool(!GoTemplateEvaluator.isTrue(arguments[0]))
        case "and": return arguments.first { !GoTemplateEvaluator.isTrue($0) } ?? arguments.last ?? .null
        case "or": return arguments.first { GoTemplateEvaluator.isTrue($0) } ?? arguments.last ?? .null
        case "eq": try arity(2); return .bool(arguments[0] == arguments[1])
        case "ne": try arity(2); return .bool(arguments[0] != arguments[1])
        case "len":
            try arity(1)
            switch arguments[0] {
            case .string(let text): return .int(text.utf8.count)
            case .list(let items): return .int(items.count)
            case .map(let map): return .int(map.count)
            default: throw .error("len of \(GoTemplateEvaluator.typeName(arguments[0]))")
            }
        case "join":
            try arity(2)
            guard case .list(let items) = arguments[1] else { return .string(strings[1]) }
            return .string(items.map(text).joined(separator: strings[0]))
        case "index": return try index(arguments)
        case "printf": return .string(try printf(arguments))
        default: throw .unsupported
        }
    }

    /// A value as a string argument; nil reads as empty, as sprig's string functions see it.
    static func text(_ value: Value) -> String {
        value == .null ? "" : GoTemplateEvaluator.print(value)
    }

    private static func index(_ arguments: [Value]) throws(GoTemplate.Failure) -> Value {
        guard var current = arguments.first else { throw .error("index of nothing") }
        for key in arguments.dropFirst() {
            switch (current, key) {
            case (.map(let map), .string(let name)): current = map[name] ?? .null
            case (.list(let items), .int(let position)):
                guard items.indices.contains(position) else { throw .error("index out of range: \(position)") }
                current = items[position]
            case (.null, _): throw .error("index of untyped nil")
            default: throw .error("can't index item of type \(GoTemplateEvaluator.typeName(current))")
            }
        }
        return current
    }

    /// `%s`, `%v`, `%d` and `%q` with `%%`; other verbs are unsupported.
    private static func printf(_ arguments: [Value]) throws(GoTemplate.Failure) -> String {
        guard case .string(let format)? = arguments.first else { throw .unsupported }
        var rest = arguments.dropFirst()[...]
        var output = ""
        var characters = format[...]
        while let character = characters.popFirst() {
            guard character == "%" else { output.append(character); continue }
            guard let verb = characters.popFirst() else { output += "%!(NOVERB)"; break }
            if verb == "%" { output += "%"; continue }
            guard "svdq".contains(verb) else { throw .unsupported }
            guard let argument = rest.popFirst() else { output += "%!\(verb)(MISSING)"; continue }
            output += verb == "q" ? "\"" + goQuoted(text(argument)) + "\"" : GoTemplateEvaluator.print(argument)
        }
        return output
    }

    private static func goQuoted(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            default: output.append(character)
            }
        }
        return output
    }

    private static func title(_ text: String) -> String {
        var output = ""
        var atWordStart = true
        for character in text {
            output += atWordStart ? character.uppercased() : String(character)
            atWordStart = character.isWhitespace
        }
        return output
    }

    private static func replaceAll(_ text: String, _ old: String, _ new: String) -> String {
        guard !old.isEmpty else { return text }
        var output = ""
        var rest = text[...]
        while !rest.isEmpty {
            if rest.hasPrefix(old) {
                output += new
                rest = rest.dropFirst(old.count)
            } else {
                output.append(rest.removeFirst())
            }
        }
        return output
    }
}
