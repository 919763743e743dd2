/// One secret value hidden from a file's published text: where the mask stands and why.
///
/// Every view of a file (source view, snippets, search, JSON) reads the same published text, so
/// a value hidden here is hidden everywhere; values the model holds are masked by the same rules.
public struct Redaction: Hashable, Sendable, Codable {
    /// Why a value was hidden. False positives are accepted; leaks are not.
    public enum Reason: String, Hashable, Sendable, Codable {
        /// The value of a key whose name looks secret (`password`, `apiKey`, `DB_PASSWORD`).
        case secretKey
        /// A value of a Secret's `data`/`stringData` or of a kustomize `secretGenerator` literal.
        case secretObject
        /// The body of a PEM private key block.
        case privateKey
        /// The password part of `scheme://user:password@host`.
        case urlCredentials
        /// The value after a secret-looking flag (`--token x`).
        case commandArgument
        /// The credentials of `Bearer …` / `Basic …`.
        case authorization
        /// A string with the shape of a well-known token (GitHub, GitLab, Slack, AWS, JWT …).
        case tokenShape
        /// A password hash (bcrypt, `$apr1$`, crypt).
        case passwordHash
    }

    /// What stands in place of a hidden value.
    public static let mask = "••••"

    /// First line of the mask in the published text (1-based) and the last line it covers.
    public var line: Int
    public var endLine: Int
    /// Column of the first mask on `line`, in characters (1-based).
    public var column: Int
    public var reason: Reason
    /// The key, flag or token kind that marked the value (never the value).
    public var key: String?

    public init(line: Int, endLine: Int? = nil, column: Int, reason: Reason, key: String? = nil) {
        self.line = line
        self.endLine = endLine ?? line
        self.column = column
        self.reason = reason
        self.key = key
    }

    /// A sentence for readers: why this value is not shown.
    public var note: String {
        switch reason {
        case .secretKey: key.map { "value of '\($0)', whose name looks secret" } ?? "value under a secret-looking name"
        case .secretObject: key.map { "value of '\($0)' in a Secret or secret generator" } ?? "value of a Secret"
        case .privateKey: "private key"
        case .urlCredentials: "password in a URL"
        case .commandArgument: key.map { "value of the argument '\($0)'" } ?? "value of a secret-looking argument"
        case .authorization: "credentials of an Authorization header"
        case .tokenShape: key.map { "looks like \($0)" } ?? "looks like an access token"
        case .passwordHash: "password hash"
        }
    }
}
