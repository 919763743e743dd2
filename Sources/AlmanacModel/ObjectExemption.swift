/// An `almanac.dev/exempt-<rule>: "<reason>"` annotation on an object that is not a workload
/// (a Service, PVC, route …), as written. The rule is kept as text so a typo can be reported.
public struct ObjectExemption: Hashable, Sendable, Codable {
    public var object: ObjectRef
    /// The text after `almanac.dev/exempt-`.
    public var rule: String
    public var reason: String

    public init(object: ObjectRef, rule: String, reason: String) {
        self.object = object
        self.rule = rule
        self.reason = reason
    }
}
