import AlmanacModel
import Foundation

/// One secret found in text: the bytes to mask and why.
struct SecretMatch: Hashable, Sendable {
    var range: Range<Int>
    var reason: Redaction.Reason
    var key: String?
}

/// Finds secrets in text by their shape, in one pass over the bytes: PEM private keys, passwords
/// in URLs, `key: value` / `key=value` pairs and `--flag value` arguments whose names look
/// secret (the `{name: X, value: Y}` shape of env judged by X), Bearer and Basic credentials,
/// well-known token shapes and password hashes. The same rules run on whole files (for the
/// published text) and on single YAML scalars (for the model), so the views cannot disagree.
enum SecretText {
    /// Finds the secrets in `text`. Key/value pairs and flags are judged only inside
    /// `keyValueRegions` when given (Markdown passes its code and front matter, so prose such as
    /// "Password: ask the team" stays readable); shapes are found everywhere.
    static func find(in text: String, keyValueRegions: [Range<Int>]? = nil) -> [SecretMatch] {
        var text = text
        return text.withUTF8 { find(in: $0, keyValueRegions: keyValueRegions) }
    }

    static func find(in bytes: UnsafeBufferPointer<UInt8>, keyValueRegions: [Range<Int>]? = nil) -> [SecretMatch] {
        var scanner = Scanner(bytes: bytes, regions: keyValueRegions)
        return scanner.run()
    }

    /// `text` with every secret found in it masked.
    static func masked(_ text: String) -> String {
        let matches = find(in: text)
        return matches.isEmpty ? text : Redactor.apply(matches, to: text).text
    }

    /// Bytes where a rule may start; everything else is skipped with one table lookup.
    fileprivate static let triggers: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "-:=BbgxAsSrnhed${".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// The characters a token may continue with.
    fileprivate enum Characters: Sendable {
        case alphanumeric, word, dashed, upperOrDigit, crypt, dottedDashed, slashedDashed, base64, anyToken

        func allows(_ byte: UInt8) -> Bool {
            let alphanumeric = SecretText.isAlphanumeric(byte)
            switch self {
            case .alphanumeric: return alphanumeric
            case .word: return alphanumeric || byte == UInt8(ascii: "_")
            case .dashed: return alphanumeric || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            case .upperOrDigit: return (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            case .crypt: return alphanumeric || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "$")
            case .dottedDashed: return alphanumeric || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            case .slashedDashed: return alphanumeric || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")
            case .base64: return alphanumeric || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
            case .anyToken: return !isSpace(byte) && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'") && byte != UInt8(ascii: ",")
            }
        }
    }

    fileprivate struct TokenShape: Sendable {
        let prefix: [UInt8]
        let minimum: Int
        let allowed: Characters
        let what: String
        let reason: Redaction.Reason

        init(_ prefix: String, _ minimum: Int, _ allowed: Characters, _ what: String, reason: Redaction.Reason = .tokenShape) {
            self.prefix = Array(prefix.utf8)
            self.minimum = minimum
            self.allowed = allowed
            self.what = what
            self.reason = reason
        }
    }

    fileprivate static let shapes: [TokenShape] = {
        var shapes: [TokenShape] = []
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] { shapes.append(TokenShape(prefix, 20, .alphanumeric, "a GitHub token")) }
        shapes.append(TokenShape("github_pat_", 20, .word, "a GitHub token"))
        shapes.append(TokenShape("glpat-", 16, .dashed, "a GitLab token"))
        for prefix in ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xapp-"] { shapes.append(TokenShape(prefix, 10, .dashed, "a Slack token")) }
        shapes.append(TokenShape("AKIA", 16, .upperOrDigit, "an AWS access key"))
        shapes.append(TokenShape("ASIA", 16, .upperOrDigit, "an AWS access key"))
        shapes.append(TokenShape("AIza", 30, .dashed, "a Google API key"))
        shapes.append(TokenShape("AGE-SECRET-KEY-1", 20, .upperOrDigit, "an age secret key"))
        shapes.append(TokenShape("sk-", 20, .dashed, "an API secret key"))
        for prefix in ["sk_live_", "rk_live_", "sk_test_", "rk_test_"] { shapes.append(TokenShape(prefix, 16, .alphanumeric, "a Stripe key")) }
        shapes.append(TokenShape("SG.", 30, .dottedDashed, "a SendGrid key"))
        shapes.append(TokenShape("npm_", 30, .alphanumeric, "an npm token"))
        shapes.append(TokenShape("hf_", 30, .alphanumeric, "a Hugging Face token"))
        shapes.append(TokenShape("dop_v1_", 40, .alphanumeric, "a DigitalOcean token"))
        shapes.append(TokenShape("hooks.slack.com/services/", 10, .slashedDashed, "a Slack webhook"))
        shapes.append(TokenShape("discord.com/api/webhooks/", 10, .slashedDashed, "a Discord webhook"))
        for prefix in ["$2a$", "$2b$", "$2y$", "$2x$", "$apr1$", "$1$", "$5$", "$6$", "$argon2"] {
            shapes.append(TokenShape(prefix, 16, prefix == "$argon2" ? .anyToken : .crypt, "a password hash", reason: .passwordHash))
        }
        shapes.append(TokenShape("{SSHA}", 16, .base64, "a password hash", reason: .passwordHash))
        return shapes
    }()
    fileprivate static let shapesByFirstByte: [[TokenShape]] = {
        var table = [[TokenShape]](repeating: [], count: 256)
        for shape in shapes { table[Int(shape.prefix[0])].append(shape) }
        return table
    }()

    fileprivate static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    fileprivate static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    fileprivate static func isKeyByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "/")
    }
}

/// The one pass. Positions only grow, so region membership is a moving pointer.
private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let regions: [Range<Int>]?
    var regionIndex = 0
    var matches: [SecretMatch] = []
    /// A `name: <secret-looking>` seen on this or the previous line: the next `value:` is secret.
    var pendingName: (name: String, until: Int)?

    init(bytes: UnsafeBufferPointer<UInt8>, regions: [Range<Int>]?) {
        self.bytes = bytes
        self.regions = regions
    }

    mutating func run() -> [SecretMatch] {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            guard SecretText.triggers[Int(byte)] else { index += 1; continue }
            index = max(index + 1, step(at: index, byte: byte))
        }
        return matches
    }

    /// Tries the rules that can start at `index`; returns where scanning goes on.
    mutating func step(at index: Int, byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "-"):
            if let end = privateKey(at: index) { return end }
            if inKeyValueRegion(index), let end = flagArgument(at: index) { return end }
        case UInt8(ascii: ":"):
            if starts(at: index + 1, with: "//") { return urlCredentials(at: index) }
            if inKeyValueRegion(index), let end = keyValue(separator: index) { return end }
        case UInt8(ascii: "="):
            if inKeyValueRegion(index), let end = keyValue(separator: index) { return end }
        case UInt8(ascii: "B"), UInt8(ascii: "b"):
            if let end = authorization(at: index) { return end }
            fallthrough
        default:
            if let end = tokenShape(at: index) { return end }
        }
        return index + 1
    }

    // MARK: Helpers

    func starts(at index: Int, with literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index >= 0, index + length <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<length where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    func startsIgnoringCase(at index: Int, with lowercase: StaticString) -> Bool {
        let length = lowercase.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        let pointer = lowercase.utf8Start
        for offset in 0..<length where bytes[index + offset] | 0x20 != pointer[offset] { return false }
        return true
    }

    mutating func inKeyValueRegion(_ index: Int) -> Bool {
        guard let regions else { return true }
        while regionIndex < regions.count, regions[regionIndex].upperBound <= index { regionIndex += 1 }
        return regionIndex < regions.count && regions[regionIndex].lowerBound <= index
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    func lineEnd(from index: Int) -> Int {
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        return end
    }

    func lineStart(of index: Int) -> Int {
        var start = index
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        return start
    }

    func indent(ofLineAt start: Int) -> Int {
        var end = start
        while end < bytes.count, bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") { end += 1 }
        return end - start
    }

    mutating func add(_ range: Range<Int>, _ reason: Redaction.Reason, key: String?) {
        guard !range.isEmpty else { return }
        let value = string(range)
        if SecretHeuristics.isReference(value) { return }
        matches.append(SecretMatch(range: range, reason: reason, key: key))
    }

    // MARK: Rules

    /// `-----BEGIN … PRIVATE KEY-----` … `-----END`: the body, whatever the line breaks.
    mutating func privateKey(at index: Int) -> Int? {
        guard starts(at: index, with: "-----BEGIN ") else { return nil }
        var headerEnd = index + 11
        while headerEnd < min(bytes.count, index + 100), bytes[headerEnd] != UInt8(ascii: "\n") {
            if starts(at: headerEnd, with: "-----") { break }
            headerEnd += 1
        }
        guard starts(at: headerEnd, with: "-----"), string((index + 11)..<headerEnd).contains("PRIVATE") else { return nil }
        let bodyStart = headerEnd + 5
        var bodyEnd = bodyStart
        while bodyEnd < bytes.count, !starts(at: bodyEnd, with: "-----END") { bodyEnd += 1 }
        matches.append(SecretMatch(range: bodyStart..<bodyEnd, reason: .privateKey, key: nil))
        return bodyEnd
    }

    /// `scheme://user:password@host`: the password.
    mutating func urlCredentials(at colon: Int) -> Int {
        var schemeStart = colon
        while schemeStart > 0, SecretText.isAlphanumeric(bytes[schemeStart - 1]) || bytes[schemeStart - 1] == UInt8(ascii: "+")
            || bytes[schemeStart - 1] == UInt8(ascii: ".") || bytes[schemeStart - 1] == UInt8(ascii: "-") { schemeStart -= 1 }
        guard colon - schemeStart >= 2 else { return colon + 3 }
        let authorityStart = colon + 3
        var end = authorityStart
        var at: Int?
        var firstColon: Int?
        loop: while end < bytes.count {
            switch bytes[end] {
            case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"),
                 UInt8(ascii: ">"), UInt8(ascii: "`"), UInt8(ascii: "\\"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"),
                 UInt8(ascii: "\r"), UInt8(ascii: ")"), UInt8(ascii: "]"):
                break loop
            case UInt8(ascii: "@"):
                at = end
            case UInt8(ascii: ":"):
                if firstColon == nil, at == nil { firstColon = end }
            default:
                break
            }
            end += 1
        }
        if let at, let firstColon, firstColon < at {
            add((firstColon + 1)..<at, .urlCredentials, key: nil)
        }
        return max(colon + 3, at ?? authorityStart)
    }

    /// The key that ends just before `separator` (`password`, `"password"`, `--db-pass`), with
    /// where it starts; nil when there is none.
    func key(before separator: Int) -> (String, Int)? {
        var end = separator
        while end > 0, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        var quote: UInt8?
        if end > 0, bytes[end - 1] == UInt8(ascii: "\"") || bytes[end - 1] == UInt8(ascii: "'") {
            quote = bytes[end - 1]
            end -= 1
        }
        var start = end
        while start > 0, end - start < 120, SecretText.isKeyByte(bytes[start - 1]) { start -= 1 }
        guard start < end else { return nil }
        if let quote {
            guard start > 0, bytes[start - 1] == quote else { return nil }
            start -= 1
        }
        return (string(start..<end).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")), start)
    }

    /// `key: value` and `key=value` where the key looks secret; a `name: X` / `value: Y` pair is
    /// judged by X. Block values (`password: |`) hide their indented lines.
    mutating func keyValue(separator: Int) -> Int? {
        let isColon = bytes[separator] == UInt8(ascii: ":")
        let next = separator + 1 < bytes.count ? bytes[separator + 1] : UInt8(ascii: "\n")
        if isColon {
            guard next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\"") || next == UInt8(ascii: "'")
                || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r") else { return nil }
        } else {
            let previous = separator > 0 ? bytes[separator - 1] : 0
            if next == UInt8(ascii: "=") || next == UInt8(ascii: ">") || next == UInt8(ascii: "~") { return separator + 2 }
            if previous == UInt8(ascii: "=") || previous == UInt8(ascii: "!") || previous == UInt8(ascii: "<")
                || previous == UInt8(ascii: ">") { return nil }
        }
        guard let (key, keyStart) = key(before: separator) else { return nil }
        var valueStart = separator + 1
        while valueStart < bytes.count, bytes[valueStart] == UInt8(ascii: " ") || bytes[valueStart] == UInt8(ascii: "\t") {
            valueStart += 1
        }
        let quoted = keyStart > 0 && (bytes[keyStart - 1] == UInt8(ascii: "\"") || bytes[keyStart - 1] == UInt8(ascii: "'"))
        let value = self.value(from: valueStart, afterColon: isColon, stopAtQuote: quoted)
        let secret: Bool
        let reasonKey: String
        if key == "value", let pending = pendingName, separator <= pending.until {
            secret = true
            reasonKey = pending.name
            pendingName = nil
        } else {
            secret = SecretHeuristics.looksSecret(name: key)
            reasonKey = key
        }
        if key == "name", isColon, !value.isEmpty {
            let name = string(value).trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
            if SecretHeuristics.looksSecret(name: name) {
                pendingName = (name, lineEnd(from: lineEnd(from: separator) + 1))
            }
        }
        guard secret else { return max(separator + 1, value.lowerBound) }
        if isColon, value.isEmpty || (value.count <= 3 && [UInt8(ascii: "|"), UInt8(ascii: ">")].contains(bytes[value.lowerBound])) {
            // A block value: every following line indented deeper than the key's line.
            let keyIndent = indent(ofLineAt: lineStart(of: keyStart))
            var cursor = lineEnd(from: separator) + 1
            var blockEnd = cursor
            while cursor < bytes.count {
                let end = lineEnd(from: cursor)
                let indent = indent(ofLineAt: cursor)
                if cursor + indent == end { cursor = end + 1; continue }  // blank lines belong to the block
                guard indent > keyIndent else { break }
                blockEnd = end
                cursor = end + 1
            }
            if value.isEmpty {
                // `password:` followed by a mapping or list is a structure: its keys are judged one by one.
                return lineEnd(from: separator)
            }
            add((lineEnd(from: separator) + 1)..<max(blockEnd, lineEnd(from: separator) + 1), .secretKey, key: reasonKey)
            return max(blockEnd, value.upperBound)
        }
        add(value, .secretKey, key: reasonKey)
        return value.upperBound
    }

    /// A value starting at `start`: inside its quotes, or up to the end of its token (after `=`)
    /// or line (after `:`, minus a ` #` comment and flow punctuation).
    func value(from start: Int, afterColon: Bool, stopAtQuote: Bool = false) -> Range<Int> {
        guard start < bytes.count else { return start..<start }
        let first = bytes[start]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            var end = start + 1
            while end < bytes.count, bytes[end] != first, bytes[end] != UInt8(ascii: "\n") {
                if bytes[end] == UInt8(ascii: "\\"), first == UInt8(ascii: "\"") { end += 1 }
                end += 1
            }
            return (start + 1)..<min(end, bytes.count)
        }
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if afterColon {
                if stopAtQuote, byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { break }
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { break }
                if byte == UInt8(ascii: "#"), end > start, bytes[end - 1] == UInt8(ascii: " ") { break }
            } else if SecretText.isSpace(byte) || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "&")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "}")
                || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "`") {
                break
            }
            end += 1
        }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return start..<end
    }

    /// `--token value` / `-p value` with a secret-looking flag: the value.
    mutating func flagArgument(at index: Int) -> Int? {
        if index > 0 {
            let previous = bytes[index - 1]
            guard SecretText.isSpace(previous) || previous == UInt8(ascii: "\"") || previous == UInt8(ascii: "'")
                || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "(") || previous == UInt8(ascii: ",") else { return nil }
        }
        var nameStart = index
        while nameStart < bytes.count, nameStart - index < 2, bytes[nameStart] == UInt8(ascii: "-") { nameStart += 1 }
        var nameEnd = nameStart
        while nameEnd < bytes.count, SecretText.isAlphanumeric(bytes[nameEnd]) || bytes[nameEnd] == UInt8(ascii: "-")
            || bytes[nameEnd] == UInt8(ascii: "_") { nameEnd += 1 }
        guard nameEnd > nameStart, nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: " ") else { return nil }
        let name = string(nameStart..<nameEnd)
        guard SecretHeuristics.looksSecret(name: name) else { return nameEnd }
        var valueStart = nameEnd
        while valueStart < bytes.count, bytes[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        // `--flag -x`, `--flag \` (a continued shell line), `--flag | …` are not values.
        guard valueStart < bytes.count, ![UInt8(ascii: "-"), UInt8(ascii: "\n"), UInt8(ascii: "\\"), UInt8(ascii: "|"),
                                          UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "&"), UInt8(ascii: "#")].contains(bytes[valueStart]) else {
            return nameEnd
        }
        let value = self.value(from: valueStart, afterColon: false)
        add(value, .commandArgument, key: string(index..<nameEnd))
        return value.upperBound
    }

    /// `Bearer <token>` / `Basic <credentials>`: the credentials, when they look like a token
    /// (a digit or punctuation in them), so prose ("basic authentication") is left alone.
    mutating func authorization(at index: Int) -> Int? {
        if index > 0, SecretText.isAlphanumeric(bytes[index - 1]) { return nil }
        let length: Int
        if startsIgnoringCase(at: index, with: "bearer ") { length = 7 } else if startsIgnoringCase(at: index, with: "basic ") { length = 6 } else { return nil }
        var start = index + length
        while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
        var end = start
        var tokenLike = false
        while end < bytes.count {
            let byte = bytes[end]
            if SecretText.isAlphanumeric(byte) {
                if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { tokenLike = true }
            } else if [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"),
                       UInt8(ascii: "="), UInt8(ascii: "-")].contains(byte) {
                tokenLike = true
            } else {
                break
            }
            end += 1
        }
        guard end - start >= 8, tokenLike else { return nil }
        add(start..<end, .authorization, key: nil)
        return end
    }

    /// Well-known token prefixes followed by enough token characters; JSON Web Tokens.
    mutating func tokenShape(at index: Int) -> Int? {
        if index > 0, SecretText.isAlphanumeric(bytes[index - 1]) || bytes[index - 1] == UInt8(ascii: "_") { return nil }
        if starts(at: index, with: "eyJ"), let end = jsonWebToken(at: index) { return end }
        for shape in SecretText.shapesByFirstByte[Int(bytes[index])] {
            let prefixLength = shape.prefix.count
            guard index + prefixLength <= bytes.count,
                  bytes[index..<(index + prefixLength)].elementsEqual(shape.prefix) else { continue }
            var end = index + prefixLength
            while end < bytes.count, shape.allowed.allows(bytes[end]) { end += 1 }
            guard end - index - prefixLength >= shape.minimum else { continue }
            matches.append(SecretMatch(range: index..<end, reason: shape.reason, key: shape.what))
            return end
        }
        return nil
    }

    /// `eyJ….eyJ….signature`: three base64url parts.
    mutating func jsonWebToken(at index: Int) -> Int? {
        var end = index
        var dots = 0
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: ".") { dots += 1 } else if !(SecretText.isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")) { break }
            end += 1
        }
        guard dots == 2, end - index >= 30 else { return nil }
        matches.append(SecretMatch(range: index..<end, reason: .tokenShape, key: "a JSON Web Token"))
        return end
    }
}
