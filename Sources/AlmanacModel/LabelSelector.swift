/// A Kubernetes label selector: `matchLabels` and `matchExpressions`, all of which must hold.
///
/// The one selector of Almanac: NetworkPolicy `podSelector`, Cilium `endpointSelector`, Velero
/// `labelSelector` and `orLabelSelectors`, monitor `selector` and Service `selector` are all read
/// into it, so every check and view answers "does this select those pods" the same way.
/// Cilium writes a label's source into its key (`k8s:app.kubernetes.io/name`, `any:app`); the
/// prefix is dropped when the selector is made, so Cilium and Kubernetes policies match alike.
public struct LabelSelector: Hashable, Sendable, Codable {
    /// One `matchExpressions` entry.
    public struct Requirement: Hashable, Sendable, Codable {
        public enum Operator: String, Sendable, Codable {
            case `in` = "In", notIn = "NotIn", exists = "Exists", doesNotExist = "DoesNotExist"
        }

        public var key: String
        /// Nil for an operator Kubernetes does not know; such a requirement matches nothing, as an
        /// invalid selector selects nothing in the API server.
        public var `operator`: Operator?
        public var values: [String]

        public init(key: String, operator: Operator?, values: [String] = []) {
            self.key = LabelSelector.plainKey(key)
            self.operator = `operator`
            self.values = values
        }

        public func matches(_ labels: [KeyValue]) -> Bool {
            let value = labels[key: key]
            switch `operator` {
            case .in: return value.map(values.contains) ?? false
            case .notIn: return value.map { !values.contains($0) } ?? true
            case .exists: return value != nil
            case .doesNotExist: return value == nil
            case nil: return false
            }
        }

        /// `tier in (gold, silver)`, `tier notin (x)`, `tier`, `!tier`: kubectl's notation.
        public var description: String {
            switch `operator` {
            case .in: "\(key) in (\(values.joined(separator: ", ")))"
            case .notIn: "\(key) notin (\(values.joined(separator: ", ")))"
            case .exists: key
            case .doesNotExist: "!\(key)"
            case nil: "\(key) (unknown operator)"
            }
        }
    }

    public var matchLabels: [KeyValue]
    public var matchExpressions: [Requirement]

    public init(matchLabels: [KeyValue] = [], matchExpressions: [Requirement] = []) {
        self.matchLabels = matchLabels.map { KeyValue(Self.plainKey($0.key), $0.value) }.sorted()
        self.matchExpressions = matchExpressions
    }

    /// No labels and no expressions: selects every object.
    public var isEmpty: Bool { matchLabels.isEmpty && matchExpressions.isEmpty }

    /// Whether the selector selects an object carrying `labels`. An empty selector selects everything.
    public func matches(_ labels: [KeyValue]) -> Bool {
        matchLabels.allSatisfy { labels[key: $0.key] == $0.value } && matchExpressions.allSatisfy { $0.matches(labels) }
    }

    /// `app=grafana, tier in (web)`; empty for an empty selector (callers say what that means).
    public func description(separator: String = ", ") -> String {
        (matchLabels.map { "\($0.key)=\($0.value)" } + matchExpressions.map(\.description)).joined(separator: separator)
    }

    /// The label key without a Cilium source prefix (`k8s:`, `any:`).
    public static func plainKey(_ key: String) -> String {
        for prefix in ["k8s:", "any:"] where key.hasPrefix(prefix) { return String(key.dropFirst(prefix.count)) }
        return key
    }
}
