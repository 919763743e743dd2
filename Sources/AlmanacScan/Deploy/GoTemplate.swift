/// The part of Go's text/template (with the sprig functions Argo CD templates use most) that an
/// ApplicationSet template needs: fields, `index`, pipelines, parentheses, `if`/`else`/`end`.
///
/// Anything else (`range`, `with`, variables, unknown functions) throws `.unsupported` so the
/// caller can leave the text as written rather than guess.
enum GoTemplate {
    enum Failure: Error, Equatable {
        case unsupported
        /// What Go would report when executing the template.
        case error(String)
    }

    /// The data a template sees; `null` prints as Go's `<no value>`.
    indirect enum Value: Equatable {
        case null
        case string(String)
        case int(Int)
        case bool(Bool)
        case list([Value])
        case map([String: Value])

        init(_ param: ApplicationSetParam) {
            switch param {
            case .string(let text): self = .string(text)
            case .list(let items): self = .list(items.map(Value.init))
            case .map(let map): self = .map(map.mapValues(Value.init))
            }
        }
    }

    static func render(_ text: String, data: Value, missingKeyError: Bool) throws(Failure) -> String {
        let pieces = try split(text)
        var index = 0
        let nodes = try parseBlock(pieces, &index, terminators: [])
        guard index == pieces.count else { throw .unsupported }
        let evaluator = GoTemplateEvaluator(data: data, missingKeyError: missingKeyError)
        return try evaluator.run(nodes)
    }

    // MARK: Parsing

    enum Piece { case text(String), action(String) }

    indirect enum Node {
        case text(String)
        case output(String)
        /// `if` / `else if` branches in order, then the `else` branch.
        case conditional([(condition: String, body: [Node])], otherwise: [Node])
    }

    /// Text and action bodies, with `{{-` / `-}}` whitespace trimming applied and comments dropped.
    static func split(_ text: String) throws(Failure) -> [Piece] {
        let characters = Array(text)
        var pieces: [Piece] = []
        var literal = ""
        var trimNext = false
        var index = 0
        while index < characters.count {
            guard characters[index] == "{", index + 1 < characters.count, characters[index + 1] == "{" else {
                literal.append(characters[index])
                index += 1
                continue
            }
            var start = index + 2
            if start + 1 < characters.count, characters[start] == "-", characters[start + 1].isWhitespace {
                while literal.last?.isWhitespace == true { literal.removeLast() }
                start += 1
            }
            guard let end = closingBraces(characters, from: start) else { throw .unsupported }
            var body = String(characters[start..<end])
            let trimsAfter = body.count >= 2 && body.hasSuffix("-") && body.dropLast().last?.isWhitespace == true
            if trimsAfter { body.removeLast() }
            if trimNext { literal = String(literal.drop { $0.isWhitespace }) }
            if !literal.isEmpty { pieces.append(.text(literal)) }
            literal = ""
            let trimmed = body.trimmingWhitespace()
            if !(trimmed.hasPrefix("/*") && trimmed.hasSuffix("*/")) { pieces.append(.action(trimmed)) }
            trimNext = trimsAfter
            index = end + 2
        }
        if trimNext { literal = String(literal.drop { $0.isWhitespace }) }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        return pieces
    }

    /// Index of the `}}` closing an action, skipping quoted strings.
    private static func closingBraces(_ characters: [Character], from start: Int) -> Int? {
        var index = start
        var quote: Character?
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                if character == "\\", open == "\"" { index += 2; continue }
                if character == open { quote = nil }
            } else if character == "\"" || character == "`" {
                quote = character
            } else if character == "}", index + 1 < characters.count, characters[index + 1] == "}" {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func parseBlock(_ pieces: [Piece], _ index: inout Int, terminators: Swift.Set<String>) throws(Failure) -> [Node] {
        var nodes: [Node] = []
        while index < pieces.count {
            switch pieces[index] {
            case .text(let text):
                nodes.append(.text(text))
                index += 1
            case .action(let body):
                let keyword = String(body.prefix { !$0.isWhitespace })
                if terminators.contains(keyword) { return nodes }
                index += 1
                switch keyword {
                case "if":
                    nodes.append(try parseConditional(String(body.dropFirst(2)), pieces, &index))
                case "else", "end", "range", "with", "define", "template", "block", "break", "continue":
                    throw .unsupported
                default:
                    nodes.append(.output(body))
                }
            }
        }
        return nodes
    }

    private static func parseConditional(_ condition: String, _ pieces: [Piece], _ index: inout Int) throws(Failure) -> Node {
        var branches: [(condition: String, body: [Node])] = []
        var current = condition
        while true {
            let body = try parseBlock(pieces, &index, terminators: ["else", "end"])
            branches.append((current, body))
            guard index < pieces.count, case .action(let action) = pieces[index] else { throw .unsupported }
            index += 1
            if action == "end" { return .conditional(branches, otherwise: []) }
            let rest = action.dropFirst(4).trimmingWhitespace()
            if rest.isEmpty {
                let otherwise = try parseBlock(pieces, &index, terminators: ["end"])
                guard index < pieces.count else { throw .unsupported }
                index += 1
                return .conditional(branches, otherwise: otherwise)
            }
            guard rest.hasPrefix("if ") else { throw .unsupported }
            current = String(rest.dropFirst(3))
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
