/// Flux post-build variable substitution (the fluxcd/pkg envsubst fork), as kustomize-controller applies it.
///
/// One deliberate deviation: an undefined variable without a default keeps its `${VAR}` text
/// instead of becoming empty, because the site shows what git does not say (the value usually
/// lives in a SOPS Secret or in the cluster), and its name is reported in `undefined`.
enum FluxSubstitution {
    struct Result: Equatable, Sendable {
        var text: String
        /// Variables used without a value or default, in order of first use, each once.
        var undefined: [String]
    }

    static func substitute(_ text: String, variables: [String: String]) -> Result {
        var substitution = Substitution(variables: variables)
        let output = substitution.expand(Array(text))
        return Result(text: output, undefined: substitution.undefined)
    }

    /// `^[_[:alpha:]][_[:alpha:][:digit:]]*$`, ASCII only as in Go's regexp.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isNameStart(first) else { return false }
        return name.unicodeScalars.allSatisfy(isNameCharacter)
    }

    fileprivate static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    fileprivate static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar)
    }
}

/// One pass over a text; nested defaults are expanded by recursion on their own text.
private struct Substitution {
    let variables: [String: String]
    var undefined: [String] = []

    init(variables: [String: String]) { self.variables = variables }

    mutating func expand(_ text: [Character]) -> String {
        var output = ""
        var index = 0
        while index < text.count {
            let character = text[index]
            guard character == "$", index + 1 < text.count else {
                output.append(character)
                index += 1
                continue
            }
            // `$${var}` is the escape for a literal `${var}`; what follows is copied as text.
            if text[index + 1] == "$", index + 2 < text.count, text[index + 2] == "{" {
                output += "${"
                index += 3
                continue
            }
            guard text[index + 1] == "{", let close = Self.closingBrace(in: text, from: index + 2) else {
                output.append(character)  // `$var`, a lone `$`, or an unclosed `${`: left alone
                index += 1
                continue
            }
            let written = String(text[index...close])
            output += evaluate(Array(text[(index + 2)..<close])) ?? written
            index = close + 1
        }
        return output
    }

    /// Index of the `}` that closes a `${` whose body starts at `start`, counting nested `${`.
    static func closingBrace(in text: [Character], from start: Int) -> Int? {
        var depth = 1
        var index = start
        while index < text.count {
            if text[index] == "$", index + 1 < text.count, text[index + 1] == "{" {
                depth += 1
                index += 2
                continue
            }
            if text[index] == "}" {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }

    /// The replacement for one `${…}` body, or nil to leave it as written.
    mutating func evaluate(_ body: [Character]) -> String? {
        if body.first == "#", body.count > 1 {
            let name = String(body.dropFirst())
            guard FluxSubstitution.isValidName(name) else { return nil }
            guard let value = variables[name] else { noteUndefined(name); return nil }
            return String(value.count)
        }
        let nameEnd = body.firstIndex { !$0.unicodeScalars.allSatisfy(FluxSubstitution.isNameCharacter) } ?? body.count
        let name = String(body[..<nameEnd])
        guard FluxSubstitution.isValidName(name) else { return nil }
        let rest = Array(body[nameEnd...])
        let value = variables[name]
        let operation = String(rest.prefix(2))

        // Defaults: `:-` `:=` also replace an empty value, `-` `=` only a missing one.
        if operation == ":-" || operation == ":=" {
            if let value, !value.isEmpty { return value }
            return expand(Array(rest.dropFirst(2)))
        }
        if rest.first == "-" || rest.first == "=" {
            if let value { return value }
            return expand(Array(rest.dropFirst()))
        }
        // Everything below needs the value; unsupported operators are left as written.
        guard let operatorCharacter = rest.first else {
            guard let value else { noteUndefined(name); return nil }
            return value
        }
        guard "^,:#%/".contains(operatorCharacter) else { return nil }
        if operatorCharacter == ":", let next = rest.dropFirst().first, !next.isNumber { return nil }
        guard let value else { noteUndefined(name); return nil }
        let argument = String(rest.dropFirst())
        switch operatorCharacter {
        case "^", ",":
            return changeCase(value, rest: rest)
        case ":":
            return substring(value, argument: argument)
        case "#", "%":
            let longest = rest.dropFirst().first == operatorCharacter
            let pattern = expand(Array(rest.dropFirst(longest ? 2 : 1)))
            return operatorCharacter == "#"
                ? FluxGlob.trimPrefix(value, pattern: pattern, longest: longest)
                : FluxGlob.trimSuffix(value, pattern: pattern, longest: longest)
        default:
            return replace(value, argument: Array(rest.dropFirst()))
        }
    }

    mutating func noteUndefined(_ name: String) {
        if !undefined.contains(name) { undefined.append(name) }
    }

    func changeCase(_ value: String, rest: [Character]) -> String? {
        switch String(rest) {
        case "^": value.prefix(1).uppercased() + value.dropFirst()
        case "^^": value.uppercased()
        case ",": value.prefix(1).lowercased() + value.dropFirst()
        case ",,": value.lowercased()
        default: nil
        }
    }

    /// `${var:n}` and `${var:n:len}`, clamped to the value as envsubst does.
    func substring(_ value: String, argument: String) -> String? {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let offset = Int(parts[0]), offset >= 0 else { return nil }
        let characters = Array(value)
        let start = min(offset, characters.count)
        var end = characters.count
        if parts.count == 2 {
            guard let length = Int(parts[1]), length >= 0 else { return nil }
            end = min(start + length, characters.count)
        }
        return String(characters[start..<end])
    }

    /// `/pat/rep` first, `//pat/rep` all, `/#pat/rep` prefix, `/%pat/rep` suffix; literal patterns,
    /// `\/` for a slash inside the pattern; an empty `/#` or `/%` pattern prepends or appends.
    mutating func replace(_ value: String, argument: [Character]) -> String? {
        var mode: Character = "1"  // first occurrence
        var body = argument
        if let first = body.first, "/#%".contains(first) {
            mode = first
            body.removeFirst()
        }
        var patternText: [Character] = []
        var index = 0
        while index < body.count, body[index] != "/" {
            if body[index] == "\\", index + 1 < body.count { index += 1 }
            patternText.append(body[index])
            index += 1
        }
        let pattern = expand(patternText)
        let replacement = index < body.count
            ? expand(Array(body[(index + 1)...]).unescapingBackslashes()) : ""
        switch mode {
        case "#":
            return value.hasPrefix(pattern) ? replacement + value.dropFirst(pattern.count) : value
        case "%":
            return value.hasSuffix(pattern) ? String(value.dropLast(pattern.count)) + replacement : value
        case "/":
            return pattern.isEmpty ? value : value.replacingAll(pattern, with: replacement)
        default:
            guard !pattern.isEmpty, let range = value.literalRange(of: pattern) else { return value }
            return String(value[..<range.lowerBound]) + replacement + value[range.upperBound...]
        }
    }
}

private extension Array where Element == Character {
    func unescapingBackslashes() -> [Character] {
        var output: [Character] = []
        var escaped = false
        for character in self {
            if character == "\\", !escaped { escaped = true; continue }
            escaped = false
            output.append(character)
        }
        return output
    }
}

private extension String {
    func literalRange(of pattern: String) -> Range<String.Index>? {
        var start = startIndex
        while start < endIndex {
            if self[start...].hasPrefix(pattern) {
                return start..<index(start, offsetBy: pattern.count)
            }
            start = index(after: start)
        }
        return nil
    }

    func replacingAll(_ pattern: String, with replacement: String) -> String {
        var output = ""
        var rest = self[...]
        while !rest.isEmpty {
            if rest.hasPrefix(pattern) {
                output += replacement
                rest = rest.dropFirst(pattern.count)
            } else {
                output.append(rest.removeFirst())
            }
        }
        return output
    }
}

/// Shell trims with `*` and `?` wildcards; `*` matches any run of characters, `/` included.
private enum FluxGlob {
    static func trimPrefix(_ value: String, pattern: String, longest: Bool) -> String {
        let characters = Array(value)
        let lengths = Array(0...characters.count)
        for length in longest ? lengths.reversed() : lengths
        where GlobPattern.matches(Array(pattern), characters[0..<length], crossesSlash: true) {
            return String(characters[length...])
        }
        return value
    }

    static func trimSuffix(_ value: String, pattern: String, longest: Bool) -> String {
        let characters = Array(value)
        let starts = Array(0...characters.count)
        for start in longest ? starts : starts.reversed()
        where GlobPattern.matches(Array(pattern), characters[start...], crossesSlash: true) {
            return String(characters[..<start])
        }
        return value
    }
}
