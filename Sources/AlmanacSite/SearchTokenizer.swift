/// Splits text into search terms the way operators type them. The same rules run in the
/// browser (`assets/search.js`, `tokenize`), so a query finds what the index holds:
///
/// - Words are runs of letters, digits, `.`, `-` and `_`; everything else (spaces, `/`, `:`,
///   `,`, `@`, brackets …) separates them, so `lscr.io/linuxserver/sonarr:4.0.11` gives
///   `lscr.io`, `linuxserver`, `sonarr`, `4.0.11`. Leading and trailing `.-_` are trimmed.
/// - An IPv4 address is kept whole and also as its /24 prefix: `10.10.0.201`, `10.10.0`.
/// - A compound (`sonarr.lab.example.com`, `media-acquisition`, `2026-08-22`) is kept whole and
///   also as its parts, except parts that are only digits (`4.0.11` stays one term).
/// - CamelCase is split too: `CertificateRenewalFailure` gives the whole word and
///   `certificate`, `renewal`, `failure`; `HTTPRoute` gives `http`, `route`.
/// - Terms are lower case, 2–64 characters; stop words and hex digests are dropped.
public enum SearchTokenizer {
    /// Common English words that would match nearly every page; the browser drops them too.
    public static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "if", "in", "into", "is",
        "it", "its", "of", "on", "or", "so", "than", "that", "the", "then", "there", "these", "this", "to",
        "was", "were", "when", "which", "will", "with",
    ]

    /// The terms of `text`, in order, with repeats.
    public static func terms(_ text: String) -> [String] {
        var result: [String] = []
        forEachTerm(in: text) { result.append($0) }
        return result
    }

    /// Calls `body` for every term of `text`, in order.
    public static func forEachTerm(in text: String, _ body: (String) -> Void) {
        forEachTerm(in: text) { term, _ in body(term) }
    }

    /// Calls `body` for every term of `text`, in order, saying whether it is a whole word
    /// (`CertificateRenewalFailure`, `media-acquisition`) rather than a part of one
    /// (`renewal`, `media`, an address's subnet).
    public static func forEachTerm(in text: String, _ body: (String, Bool) -> Void) {
        // Most text is ASCII: then words are byte ranges and nothing is decoded.
        var text = text
        let handled = text.withUTF8 { bytes -> Bool in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
            var start = -1
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if ASCII.isWord(byte) || ASCII.isJoiner(byte) {
                    if start < 0 { start = index }
                } else if start >= 0 {
                    ASCII.segment(bytes[start..<index], body)
                    start = -1
                }
            }
            if start >= 0 { ASCII.segment(bytes[start..<bytes.count], body) }
            return true
        }
        if handled { return }
        var word: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) || isJoiner(scalar) {
                word.append(scalar)
            } else if !word.isEmpty {
                segment(word, body)
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { segment(word, body) }
    }

    static func segment(_ raw: [Unicode.Scalar], _ emit: (String, Bool) -> Void) {
        var start = 0, end = raw.count
        while start < end, isJoiner(raw[start]) { start += 1 }
        while end > start, isJoiner(raw[end - 1]) { end -= 1 }
        guard start < end else { return }
        let word = raw[start..<end]
        // Most words are plain: no joiner, so no address and no parts (and nothing allocated).
        guard word.contains(where: isJoiner) else {
            camelCase(word, whole: true, emit)
            return
        }
        if word.allSatisfy({ isDigit($0) || $0 == "." }), let prefix = ipv4Prefix(Array(word)) {
            accept(word, whole: true, emit)
            accept(prefix, whole: false, emit)
            return
        }
        let parts = word.split(whereSeparator: isJoiner)
        if parts.count > 1 {
            accept(word, whole: true, emit)
            for part in parts where !part.allSatisfy(isDigit) { camelCase(part, whole: false, emit) }
        } else {
            camelCase(word, whole: true, emit)
        }
    }

    /// `CertificateRenewalFailure` → the whole word and its pieces; a plain word → itself.
    static func camelCase(_ word: ArraySlice<Unicode.Scalar>, whole: Bool, _ emit: (String, Bool) -> Void) {
        accept(word, whole: whole, emit)
        // A word with no capital after its first letter has no pieces.
        guard word.dropFirst().contains(where: isUpper) else { return }
        let pieces = camelPieces(word)
        if pieces.count > 1 {
            for piece in pieces { accept(piece, whole: false, emit) }
        }
    }

    /// Breaks before an upper-case letter that follows a lower-case one (`renewalFailure`) and
    /// before the last capital of a run that a lower-case letter follows (`HTTPRoute`).
    static func camelPieces(_ word: ArraySlice<Unicode.Scalar>) -> [ArraySlice<Unicode.Scalar>] {
        var pieces: [ArraySlice<Unicode.Scalar>] = []
        var start = word.startIndex
        guard word.count > 1 else { return [word] }
        for index in (word.startIndex + 1)..<word.endIndex {
            let previous = word[index - 1], current = word[index]
            let next = index + 1 < word.endIndex ? word[index + 1] : nil
            let lowerToUpper = isLower(previous) && isUpper(current)
            let acronymEnd = isUpper(previous) && isUpper(current) && next.map(isLower) == true
            if lowerToUpper || acronymEnd {
                pieces.append(word[start..<index])
                start = index
            }
        }
        pieces.append(word[start..<word.endIndex])
        return pieces
    }

    /// Checks a term given as scalars; lower-cases ASCII itself (the common case) rather than
    /// going through `String.lowercased()`.
    static func accept(_ scalars: ArraySlice<Unicode.Scalar>, whole: Bool, _ emit: (String, Bool) -> Void) {
        let count = scalars.count
        guard count >= 2, count <= 64 else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        for scalar in scalars {
            guard scalar.isASCII else {
                accept(string(scalars).lowercased(), whole: whole, emit)
                return
            }
            let value = UInt8(scalar.value)
            bytes.append(value >= 0x41 && value <= 0x5A ? value + 0x20 : value)
        }
        accept(String(decoding: bytes, as: UTF8.self), whole: whole, emit)
    }

    static func accept(_ term: String, whole: Bool, _ emit: (String, Bool) -> Void) {
        let count = term.unicodeScalars.count
        guard count >= 2, count <= 64, !stopWords.contains(term) else { return }
        if count >= 24, term.unicodeScalars.allSatisfy({ isDigit($0) || ("a"..."f").contains($0) }) { return }
        emit(term, whole)
    }

    /// The /24 prefix (`10.10.0`) when `word` is a dotted IPv4 address, else nil.
    static func ipv4Prefix(_ word: [Unicode.Scalar]) -> String? {
        let octets = word.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, word.allSatisfy({ isDigit($0) || $0 == "." }) else { return nil }
        for octet in octets {
            guard (1...3).contains(octet.count), let value = Int(string(octet)), value <= 255 else { return nil }
        }
        return octets.prefix(3).map { string($0) }.joined(separator: ".")
    }

    static func string<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return String(text)
    }

    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool { scalar == "." || scalar == "-" || scalar == "_" }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// Letters and numbers (Unicode L and N, as the browser's `[\p{L}\p{N}]`).
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || isDigit(scalar)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    static func isUpper(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? ("A"..."Z").contains(scalar) : scalar.properties.generalCategory == .uppercaseLetter
    }

    static func isLower(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? ("a"..."z").contains(scalar) : scalar.properties.generalCategory == .lowercaseLetter
    }

    /// The same rules as the scalar functions above, on ASCII bytes.
    enum ASCII {
        typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

        static func isJoiner(_ byte: UInt8) -> Bool { byte == 0x2E || byte == 0x2D || byte == 0x5F }
        static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        static func isWord(_ byte: UInt8) -> Bool { isDigit(byte) || isUpper(byte) || isLower(byte) }

        static func segment(_ raw: Bytes, _ emit: (String, Bool) -> Void) {
            var start = raw.startIndex, end = raw.endIndex
            while start < end, isJoiner(raw[start]) { start += 1 }
            while end > start, isJoiner(raw[end - 1]) { end -= 1 }
            guard start < end else { return }
            let word = raw[start..<end]
            guard word.contains(where: isJoiner) else {
                camelCase(word, whole: true, emit)
                return
            }
            if word.allSatisfy({ isDigit($0) || $0 == 0x2E }),
               let prefix = SearchTokenizer.ipv4Prefix(word.map { Unicode.Scalar($0) }) {
                accept(word, whole: true, emit)
                SearchTokenizer.accept(prefix, whole: false, emit)
                return
            }
            let parts = word.split(whereSeparator: isJoiner)
            if parts.count > 1 {
                accept(word, whole: true, emit)
                for part in parts where !part.allSatisfy(isDigit) { camelCase(part, whole: false, emit) }
            } else {
                camelCase(word, whole: true, emit)
            }
        }

        static func camelCase(_ word: Bytes, whole: Bool, _ emit: (String, Bool) -> Void) {
            accept(word, whole: whole, emit)
            guard word.dropFirst().contains(where: isUpper) else { return }
            var pieces: [Bytes] = []
            var start = word.startIndex
            for index in (word.startIndex + 1)..<word.endIndex {
                let previous = word[index - 1], current = word[index]
                let next: UInt8? = index + 1 < word.endIndex ? word[index + 1] : nil
                let lowerToUpper = isLower(previous) && isUpper(current)
                let acronymEnd = isUpper(previous) && isUpper(current) && next.map(isLower) == true
                if lowerToUpper || acronymEnd {
                    pieces.append(word[start..<index])
                    start = index
                }
            }
            pieces.append(word[start..<word.endIndex])
            if pieces.count > 1 {
                for piece in pieces { accept(piece, whole: false, emit) }
            }
        }

        static func accept(_ word: Bytes, whole: Bool, _ emit: (String, Bool) -> Void) {
            guard word.count >= 2, word.count <= 64 else { return }
            let term = String(unsafeUninitializedCapacity: word.count) { buffer in
                for (offset, byte) in word.enumerated() { buffer[offset] = isUpper(byte) ? byte + 0x20 : byte }
                return word.count
            }
            SearchTokenizer.accept(term, whole: whole, emit)
        }
    }
}
