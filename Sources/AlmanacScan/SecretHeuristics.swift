import AlmanacModel

/// Decides which names look secret and which values are references rather than secrets.
/// Conservative: masking a harmless value costs little, publishing a password costs a lot.
enum SecretHeuristics {
    /// Parts that mark a secret wherever they appear in a normalised name (`DB_PASSWORD`,
    /// `GITEA__SECURITY__SECRET_KEY`, `EXAMPLE_COM_API_TOKEN`).
    private static let fragments: [[UInt8]] = [
        "PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "API_KEY", "ACCESSKEY", "ACCESS_KEY",
        "PRIVATEKEY", "PRIVATE_KEY", "CREDENTIAL", "AUTHORIZATION", "HTPASSWD",
    ].map { Array($0.utf8) }
    /// Whole words that mark a secret (`SMTP_PASS`, `SENTRY_DSN`, Pulumi's `secure:`).
    private static let words: Set<[UInt8]> = Set(["PASS", "PWD", "DSN", "SALT", "PSK", "BEARER"].map { Array($0.utf8) })
    /// Whole names that mark a secret: Pulumi's `secure:` ciphertext.
    private static let exactNames: Set<[UInt8]> = Set(["SECURE"].map { Array($0.utf8) })
    /// Words before `Key` that make a camelCase name a secret key (`encryptionKey`).
    private static let keyWords: Set<[UInt8]> = Set([
        "SIGNING", "ENCRYPTION", "MASTER", "LICENSE", "SESSION", "ACCESS", "PRIVATE", "API", "SECRET", "SSH", "GPG",
        "PGP", "HMAC", "JWT", "APP", "CLIENT", "AUTH", "DEPLOY", "CRYPT", "CIPHER", "SHARED", "TLS", "WEBHOOK", "LICENCE",
    ].map { Array($0.utf8) })
    /// Endings that make a name a reference to a secret, not a secret (`secretName`,
    /// `passwordSecretRef`, `DB_PASSWORD_FILE`, `AWS_ACCESS_KEY_ID`).
    private static let referenceSuffixes: [[UInt8]] = [
        "_NAME", "_FILE", "_PATH", "_DIR", "_REF", "_REFS", "_NAMESPACE", "_ID", "_ENABLED", "_LENGTH", "_TTL",
        "_EXPIRY", "_EXPIRATION", "_TYPE", "_MODE", "_TEMPLATE", "_SELECTOR", "_STORE", "_PROVIDER", "_URL", "_URI",
        "_ENDPOINT", "_HOST", "_PORT", "_ADDRESS", "_ADDR", "_SERVER",
    ].map { Array($0.utf8) }
    /// Words that make a name a setting about secrets or tokens, not one (`maxTokens`,
    /// `input_cost_per_token`, `PASSWORD_MIN_LENGTH`, `secret.reloader.stakater.com/reload`).
    private static let settingWords: Set<[UInt8]> = Set([
        "MAX", "MIN", "COST", "LIMIT", "COUNT", "TOKENS", "SIZE", "LENGTH", "TIMEOUT", "INTERVAL", "RELOAD",
    ].map { Array($0.utf8) })

    /// True when a key, variable, flag or parameter name suggests a secret value. Judged on the
    /// whole name, normalised (camelCase, `-`, `.`, `/`, `:` → `_`, upper case): `apiKey`,
    /// `auth.password`, `example.com/api-token`, `--db-password` all look secret.
    static func looksSecret(name: String) -> Bool {
        let upper = normalised(name)
        if upper.isEmpty { return false }
        if exactNames.contains(upper) { return true }
        // A webhook URL carries its secret in the path (`SLACK_WEBHOOK_URL`).
        if ["WEBHOOK", "WEBHOOK_URL", "WEBHOOK_URI"].contains(where: { upper.ends(with: Array($0.utf8)) }) { return true }
        if upper.starts(with: Array("EXISTING_".utf8)) || upper.hasPart(Array("FROM_SECRET".utf8)) { return false }
        if referenceSuffixes.contains(where: { upper.ends(with: $0) }) { return false }
        let nameWords = upper.split(separator: UInt8(ascii: "_"))
        if nameWords.contains(where: { settingWords.contains(Array($0)) }) { return false }
        if fragments.contains(where: { upper.hasPart($0) }) { return true }
        // `*_KEY`: in environment style (`APP_KEY`, `STRIPE_KEY`) any; in camelCase only keys of
        // secrets (`signingKey`, `sshKey`), so `topologyKey` and `routingKey` stay readable.
        if upper.count > 4, upper.ends(with: Array("_KEY".utf8)) {
            if !name.utf8.contains(where: { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }) { return true }
            let words = upper.split(separator: UInt8(ascii: "_"))
            if words.count >= 2, keyWords.contains(Array(words[words.count - 2])) { return true }
        }
        return nameWords.contains { words.contains(Array($0)) }
    }

    /// The name in upper case with word breaks as `_`: `apiKey` → `API_KEY`, `--db-pass` → `DB_PASS`.
    static func normalised(_ name: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(name.utf8.count + 4)
        var previous: UInt8 = 0
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                let wasLowerOrDigit = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(previous)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(previous)
                if wasLowerOrDigit { result.append(UInt8(ascii: "_")) }
                result.append(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                result.append(byte - 32)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                result.append(byte)
            default:
                if let last = result.last, last != UInt8(ascii: "_") { result.append(UInt8(ascii: "_")) }
            }
            previous = byte
        }
        while result.last == UInt8(ascii: "_") { result.removeLast() }
        return result
    }

    /// Values that cannot be a secret (`true`, `8080`), that point at one rather than being one
    /// (`$(DB_PASSWORD)`, `${VAR}`, `/run/secrets/x`, `{{ … }}`, `<path:…>`, `ref+vault://…`), or
    /// that are masked already.
    static func isReference(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.contains(Redaction.mask) { return true }
        if ["true", "false", "yes", "no", "on", "off", "none", "null", "~", "enabled", "disabled"].contains(trimmed.lowercased()) {
            return true
        }
        if trimmed.utf8.count < 6, trimmed.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) { return true }
        // `Bearer $TOKEN`: a scheme word and a reference.
        let last = trimmed.split(separator: " ").last.map(String.init) ?? trimmed
        if last.hasPrefix("$"), let next = last.utf8.dropFirst().first,
           (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(next) || next == UInt8(ascii: "_") { return true }
        return ["$(", "${", "/", "file:", "{{", "ENC[", "!secret", "<path:", "ref+", "op://", "secretref+"]
            .contains { trimmed.hasPrefix($0) || last.hasPrefix($0) }
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }

    func hasPart(_ part: [UInt8]) -> Bool {
        guard part.count <= count, let first = part.first else { return part.isEmpty }
        var index = 0
        while index + part.count <= count {
            if self[index] == first, self[index..<(index + part.count)].elementsEqual(part) { return true }
            index += 1
        }
        return false
    }
}
