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
    /// `runbooks.url_prefixes`: runbook URL prefixes mapped to repo folders holding local copies.
    public var runbookURLPrefixes: [String: String] = [:]
    /// `runbooks.max_review_age_days`: a runbook reviewed longer ago than this is stale.
    public var runbookMaxReviewAgeDays = 365
    /// `runbooks.reference_date` (`YYYY-MM-DD`): "today" for the review age, instead of the newest commit's date.
    public var referenceDate: String?
    /// Clusters to document (`clusters:` or `--cluster`); empty documents every cluster, labelled.
    public var clusters: [String] = []
    /// `limits:`: how much of the repo is read and drawn (README, "Limits").
    public var limits = ResourceLimits()

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
