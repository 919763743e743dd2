import AlmanacModel

/// `matchLabels` matching as Kubernetes does it: every pair of the selector is among the labels.
enum LabelSelector {
    /// Whether `selector` selects an object with `labels`. An empty selector selects everything.
    ///
    /// Cilium writes label sources into keys (`k8s:app.kubernetes.io/name`, `any:app`); those
    /// prefixes are ignored so Cilium and Kubernetes policies match the same pods.
    static func matches(_ selector: [KeyValue], _ labels: [KeyValue]) -> Bool {
        selector.allSatisfy { pair in
            let key = plainKey(pair.key)
            return labels.contains { $0.key == key && $0.value == pair.value }
        }
    }

    static func plainKey(_ key: String) -> String {
        for prefix in ["k8s:", "any:"] where key.hasPrefix(prefix) { return String(key.dropFirst(prefix.count)) }
        return key
    }

    /// `app=grafana, tier=web`, or `all pods` for an empty selector.
    static func describe(_ selector: [KeyValue]) -> String {
        selector.isEmpty ? "all pods" : selector.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
