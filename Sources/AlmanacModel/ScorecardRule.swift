/// One rule of the strategy's "every service gets …" list: a column of the scorecard.
///
/// The raw value is the rule's stable name, used in `almanac.dev/exempt-<rule>` annotations and
/// in `exemptions:` of `almanac.yaml`.
public enum ScorecardRule: String, CaseIterable, Hashable, Sendable, Codable {
    case monitoring
    case persistence
    case backup
    case ingress
    case networkPolicy = "network-policy"
    case resources
    case labels
    case naming
    case layout

    /// Column heading.
    public var title: String {
        switch self {
        case .monitoring: "Monitoring"
        case .persistence: "Persistence"
        case .backup: "Backup"
        case .ingress: "Ingress"
        case .networkPolicy: "Network policy"
        case .resources: "Requests & limits"
        case .labels: "Labels"
        case .naming: "Naming"
        case .layout: "Folder depth"
        }
    }

    /// One line of what passing means, shown as the column's description.
    public var summary: String {
        switch self {
        case .monitoring: "a ServiceMonitor, PodMonitor or Probe selects the service"
        case .persistence: "stateful workloads declare their storage: every claim they mount exists and states a size"
        case .backup: "every persistent volume is covered by a backup policy"
        case .ingress: "a service that serves HTTP has a route (Ingress, IngressRoute, HTTPRoute)"
        case .networkPolicy: "a NetworkPolicy with a pod selector selects every workload's pods"
        case .resources: "every container, init containers and sidecars included, has requests and a memory limit"
        case .labels: "workloads carry app.kubernetes.io/name"
        case .naming: "the namespace is an allowed functional domain and the folder is named after the app"
        case .layout: "the service folder is no deeper than max_depth"
        }
    }

    /// Group of columns on the scorecard.
    public var category: String {
        switch self {
        case .monitoring: "Observability"
        case .persistence, .backup: "Data"
        case .ingress, .networkPolicy: "Network"
        case .resources: "Runtime"
        case .labels, .naming, .layout: "Conventions"
        }
    }

    /// The exemption annotation for this rule.
    public var annotation: String { "almanac.dev/exempt-\(rawValue)" }
}
