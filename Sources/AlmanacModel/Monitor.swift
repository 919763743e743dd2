/// A Prometheus scrape or probe definition: ServiceMonitor, PodMonitor or Probe.
public struct Monitor: Hashable, Sendable, Codable {
    public var ref: ObjectRef
    public var serviceID: String?
    /// `spec.selector` of a ServiceMonitor or PodMonitor.
    public var selector: LabelSelector
    /// Endpoint ports/paths, or probe targets.
    public var endpoints: [String]

    public init(ref: ObjectRef, serviceID: String? = nil, selector: LabelSelector = LabelSelector(), endpoints: [String] = []) {
        self.ref = ref
        self.serviceID = serviceID
        self.selector = selector
        self.endpoints = endpoints
    }
}

/// One alerting rule of a PrometheusRule.
public struct AlertRule: Hashable, Sendable, Codable {
    public var name: String
    public var group: String
    public var expression: String
    public var duration: String?
    public var severity: String?
    public var summary: String?
    public var description: String?
    public var runbookURL: String?
    public var rule: ObjectRef
    public var serviceID: String?
    /// Where the `- alert:` entry is written.
    public var location: SourceLocation

    public init(name: String, group: String, expression: String, duration: String? = nil, severity: String? = nil,
                summary: String? = nil, description: String? = nil, runbookURL: String? = nil, rule: ObjectRef,
                serviceID: String? = nil, location: SourceLocation) {
        self.name = name
        self.group = group
        self.expression = expression
        self.duration = duration
        self.severity = severity
        self.summary = summary
        self.description = description
        self.runbookURL = runbookURL
        self.rule = rule
        self.serviceID = serviceID
        self.location = location
    }
}
