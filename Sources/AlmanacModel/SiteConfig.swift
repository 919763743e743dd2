/// Settings from `almanac.yaml` and the command line.
public struct SiteConfig: Hashable, Sendable, Codable {
    public var title: String
    /// Public URL the site is served at, with a trailing slash (`https://docs.example.com/`).
    public var baseURL: String?
    /// Web URL of the repository, for "view source" links (`https://git.example.com/ops/homelab`).
    public var repoURL: String?
    /// Branch used in source links.
    public var repoBranch: String
    /// Per-check severity overrides; `off` disables a check.
    public var checkSeverities: [String: CheckLevel]
    /// Namespaces that satisfy the naming rule; empty means any.
    public var allowedNamespaces: [String]
    /// Deepest allowed service folder, counted from the repo root.
    public var maxDepth: Int
    /// Scorecard exemptions per service, each with its written reason.
    public var exemptions: [ConfigExemption] = []

    public enum CheckLevel: String, Hashable, Sendable, Codable {
        case off, note, warning, error
    }

    public init(title: String = "Almanac", baseURL: String? = nil, repoURL: String? = nil, repoBranch: String = "main",
                checkSeverities: [String: CheckLevel] = [:], allowedNamespaces: [String] = [], maxDepth: Int = 5) {
        self.title = title
        self.baseURL = baseURL
        self.repoURL = repoURL
        self.repoBranch = repoBranch
        self.checkSeverities = checkSeverities
        self.allowedNamespaces = allowedNamespaces
        self.maxDepth = maxDepth
    }
}
