import Foundation

/// Decides which names and values look like secrets. Conservative: masking a harmless value
/// costs little, publishing a password costs a lot.
enum SecretHeuristics {
    /// Substrings that mark a secret wherever they appear in a name (`dbPassword`, `GITEA__security__SECRET_KEY`).
    private static let secretFragments = [
        "PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "API_KEY", "ACCESSKEY", "ACCESS_KEY", "PRIVATEKEY",
        "PRIVATE_KEY", "CREDENTIAL", "ENCRYPTION_KEY", "SIGNING_KEY", "LICENSE_KEY", "SESSION_KEY", "MASTER_KEY",
        "AUTH_KEY", "WEBHOOK_URL",
    ]
    /// Whole words that mark a secret (`SMTP_PASS`, `SENTRY_DSN`).
    private static let secretWords: Set<String> = ["PASS", "PWD", "DSN", "SALT", "PSK"]

    private static let referenceSuffixes = ["_NAME", "_FILE", "_PATH", "_DIR", "_REF", "_NAMESPACE", "_ID", "_KEY_ID", "_ENABLED"]

    /// True when an environment variable or config key name suggests a secret value.
    static func looksSecret(name: String) -> Bool {
        let upper = String(decoding: name.uppercased().utf8.map { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") ? UInt8(ascii: "_") : $0 },
                           as: UTF8.self)
        // Names of secrets, files and paths are references, not secrets (`METALLB_ML_SECRET_NAME`).
        if referenceSuffixes.contains(where: { upper.hasSuffix($0) }) { return false }
        if secretFragments.contains(where: { upper.contains($0) }) { return true }
        return upper.split(separator: "_").contains { secretWords.contains(String($0)) }
    }

    /// Values that cannot be a secret (`true`, `8080`) or that point at one rather than being one
    /// (`$(DB_PASSWORD)`, `/run/secrets/x`, `{{ … }}`).
    static func isReference(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if ["true", "false", "yes", "no", "on", "off", "none", "null", "enabled", "disabled"].contains(trimmed.lowercased()) {
            return true
        }
        if trimmed.count < 6, trimmed.allSatisfy(\.isNumber) { return true }
        return trimmed.hasPrefix("$(") || trimmed.hasPrefix("${") || trimmed.hasPrefix("/") || trimmed.hasPrefix("file:")
            || trimmed.hasPrefix("{{") || trimmed.hasPrefix("ENC[") || trimmed.hasPrefix("!secret")
    }

    private static let inlinePattern = try! NSRegularExpression(
        pattern: #"(?i)(--?[a-z0-9_-]*(password|passwd|secret|token|api[-_]?key)[a-z0-9_-]*[= ])(\S+)|(://[^:/@\s]+:)([^@\s]+)(@)"#)

    /// True for command-line arguments like `--password=hunter2` or URLs with a password.
    static func containsInlineSecret(_ text: String) -> Bool {
        let range = NSRange(text.startIndex..., in: text)
        guard let match = inlinePattern.firstMatch(in: text, range: range) else { return false }
        let valueRange = match.range(at: 3).location != NSNotFound ? match.range(at: 3) : match.range(at: 5)
        guard let swiftRange = Range(valueRange, in: text) else { return false }
        return !isReference(String(text[swiftRange]))
    }

    /// The text with inline secret values replaced by `••••••`.
    static func maskInline(_ text: String) -> String {
        let range = NSRange(text.startIndex..., in: text)
        var result = inlinePattern.stringByReplacingMatches(in: text, range: range, withTemplate: "$1$4••••••$6")
        result = result.replacingOccurrences(of: "••••••••••••", with: "••••••")
        return result
    }
}
