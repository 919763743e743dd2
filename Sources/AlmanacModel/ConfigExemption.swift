/// An exemption written in `almanac.yaml`: `exemptions: [{service: k3s/apps/x, rule: monitoring, reason: "…"}]`.
public struct ConfigExemption: Hashable, Sendable, Codable {
    /// The service id (its folder path) as written.
    public var service: String
    public var rule: ScorecardRule
    public var reason: String
    /// Where the entry is written, for diagnostics about it and links from the scorecard.
    public var location: SourceLocation

    public init(service: String, rule: ScorecardRule, reason: String, location: SourceLocation) {
        self.service = service
        self.rule = rule
        self.reason = reason
        self.location = location
    }
}
