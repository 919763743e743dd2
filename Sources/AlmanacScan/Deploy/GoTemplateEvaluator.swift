/// Executes parsed `GoTemplate` nodes against one param set.
struct GoTemplateEvaluator {
    typealias Value = GoTemplate.Value
    typealias Failure = GoTemplate.Failure

    let data: Value
    let missingKeyError: Bool

    func run(_ nodes: [GoTemplate.Node]) throws(Failure) -> String {
        var output = ""
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .output(let pipeline):
                output += Self.print(try evaluate(pipeline))
            case .conditional(let branches, let otherwise):
                var chosen = otherwise
                for branch in branches where Self.isTrue(try evaluate(branch.condition)) {
                    chosen = branch.body
                    break
                }
                output += try run(chosen)
            }
        }
        return output
    }

    // MARK: Pipelines

    indirect enum Operand {
        case field([String]), literal(Value), function(String), pipeline([[Operand]])
    }

    func evaluate(_ pipeline: String) throws(Failure) -> Value {
        var tokens = try Self.tokens(Array(pipeline))[...]
        let commands = try Self.parsePipeline(&tokens)
        guard tokens.isEmpty else { throw .unsupported }
        return try evaluate(commands)
    }

    private func evaluate(_ commands: [[Operand]]) throws(Failure) -> Value {
        var piped: Value?
        for command in commands {
            guard let first = command.first else { throw .unsupported }
            if case .function(let name) = first {
                var arguments: [Value] = []
                for operand in command.dropFirst() { arguments.append(try value(of: operand)) }
                if let piped { arguments.append(piped) }
                piped = try GoTemplateFunctions.call(name, arguments)
            } else {
                guard command.count == 1, piped == nil else { throw .error("can't give argument to non-function") }
                piped = try value(of: first)
            }
        }
        guard let piped else { throw .unsupported }
        return piped
    }

    private func value(of operand: Operand) throws(Failure) -> Value {
        switch operand {
        case .literal(let value): return value
        case .pipeline(let commands): return try evaluate(commands)
        case .function(let name): return try GoTemplateFunctions.call(name, [])
        case .field(let keys):
            var current = data
            for key in keys {
                switch current {
                case .map(let map):
                    if let next = map[key] {
                        current = next
                    } else if missingKeyError {
                        throw .error("map has no entry for key \"\(key)\"")
                    } else {
                        current = .null
                    }
                case .null: throw .error("nil pointer evaluating interface {}.\(key)")
                default: throw .error("can't evaluate field \(key) in type \(Self.typeName(current))")
                }
            }
            return current
        }
    }

    private static func parsePipeline(_ tokens: inout ArraySlice<Token>) throws(Failure) -> [[Operand]] {
        var commands: [[Operand]] = [[]]
        while let token = tokens.first, token != .close {
            tokens.removeFirst()
            switch token {
            case .pipe: commands.append([])
            case .open:
                let inner = try parsePipeline(&tokens)
                guard tokens.first == .close else { throw .unsupported }
                tokens.removeFirst()
                commands[commands.count - 1].append(.pipeline(inner))
            case .operand(let operand): commands[commands.count - 1].append(operand)
            case .close: break
            }
        }
        return commands
    }

    // MARK: Tokens

    enum Token: Equatable {
        case operand(Operand), pipe, open, close

        static func == (lhs: Token, rhs: Token) -> Bool {
            switch (lhs, rhs) {
            case (.pipe, .pipe), (.open, .open), (.close, .close): true
            default: false
            }
        }
    }

    private static func tokens(_ text: [Character]) throws(Failure) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < text.count {
            let character = text[index]
            if character.isWhitespace { index += 1; continue }
            switch character {
            case "|": tokens.append(.pipe); index += 1
            case "(": tokens.append(.open); index += 1
            case ")": tokens.append(.close); index += 1
            case "\"", "`":
                let (string, next) = try quoted(text, from: index)
                tokens.append(.operand(.literal(.string(string))))
                index = next
            default:
                var end = index
                while end < text.count, !text[end].isWhitespace, !"|()\"`".contains(text[end]) { end += 1 }
                tokens.append(.operand(try word(String(text[index..<end]))))
                index = end
            }
        }
        return tokens
    }

    private static func word(_ word: String) throws(Failure) -> Operand {
        if word == "." { return .field([]) }
        if word.hasPrefix(".") {
            let keys = word.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard keys.allSatisfy({ !$0.isEmpty }) else { throw .unsupported }
            return .field(keys)
        }
        if let number = Int(word) { return .literal(.int(number)) }
        switch word {
        case "true": return .literal(.bool(true))
        case "false": return .literal(.bool(false))
        case "nil": return .literal(.null)
        default: break
        }
        // Variables (`$x`), chained fields on results and the like are beyond this evaluator.
        guard word.first?.isLetter == true, word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw .unsupported
        }
        return .function(word)
    }

    private static func quoted(_ text: [Character], from start: Int) throws(Failure) -> (String, Int) {
        let quote = text[start]
        var string = ""
        var index = start + 1
        while index < text.count {
            let character = text[index]
            if character == quote { return (string, index + 1) }
            if quote == "\"", character == "\\", index + 1 < text.count {
                index += 1
                switch text[index] {
                case "n": string.append("\n")
                case "t": string.append("\t")
                default: string.append(text[index])
                }
            } else {
                string.append(character)
            }
            index += 1
        }
        throw .unsupported
    }

    // MARK: Values

    /// How Go's text/template prints a value.
    static func print(_ value: Value) -> String {
        switch value {
        case .null: "<no value>"
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): String(flag)
        case .list(let items): "[" + items.map(print).joined(separator: " ") + "]"
        case .map(let map): "map[" + map.keys.sorted().map { "\($0):\(print(map[$0]!))" }.joined(separator: " ") + "]"
        }
    }

    /// Go's truth: false, 0, nil and empty strings, lists and maps are false.
    static func isTrue(_ value: Value) -> Bool {
        switch value {
        case .null: false
        case .string(let text): !text.isEmpty
        case .int(let number): number != 0
        case .bool(let flag): flag
        case .list(let items): !items.isEmpty
        case .map(let map): !map.isEmpty
        }
    }

    static func typeName(_ value: Value) -> String {
        switch value {
        case .null: "interface {}"
        case .string: "string"
        case .int: "int"
        case .bool: "bool"
        case .list: "[]interface {}"
        case .map: "map[string]interface {}"
        }
    }
}
