import AlmanacModel

/// Monitoring: a ServiceMonitor or PodMonitor whose selector matches the service's Services or
/// pods, or a blackbox Probe whose target names the service's host or Service. Monitors count
/// from the service's own folder or its namespace (the model does not keep `namespaceSelector`).
/// CronJob-only services fail like any other unless exempt: there is no endpoint to watch, and
/// the exemption says so.
enum MonitoringRule: ScorecardEvaluator {
    static let rule = ScorecardRule.monitoring
    static let id = "monitoring.missing"

    static func evaluate(_ facts: ServiceFacts, in context: ScorecardContext) -> Scorecard.Cell {
        let service = facts.service
        guard !facts.workloads.isEmpty || !facts.kubeServices.isEmpty else {
            if !facts.monitors.isEmpty {
                return .init(rule: rule, status: .pass, detail: names(facts.monitors))
            }
            return .init(rule: rule, status: .notApplicable,
                         detail: "installed from an upstream release; its pods are not in the repo")
        }
        var candidates = context.monitorsByNamespace[service.namespace ?? "", default: []]
        candidates += facts.monitors.filter { $0.ref.namespace != service.namespace }
        let selecting = candidates.filter { selects($0, facts) }
        if !selecting.isEmpty {
            return .init(rule: rule, status: .pass, detail: names(selecting))
        }
        let anchor = facts.workloads.first { $0.kind != .cronJob && $0.kind != .job } ?? facts.workloads.first
        let location = anchor?.ref.location ?? facts.kubeServices.first?.ref.location
        var evidence = [Diagnostic(
            id: id, severity: .warning, location: location,
            message: "service '\(service.name)' has no ServiceMonitor, PodMonitor or Probe that selects it",
            note: "add a ServiceMonitor for its metrics port or a blackbox Probe of its URL, or exempt it with \(rule.annotation): \"<reason>\"")]
        // A monitor in the folder that selects nothing is the likelier mistake: say which.
        for monitor in facts.monitors {
            evidence.append(Diagnostic(
                id: "scorecard.monitoring", severity: .note, location: monitor.ref.location,
                message: "\(monitor.ref.display) selects \(monitor.selector.description(separator: ",").nonEmptyOr(monitor.endpoints.joined(separator: "; "))), which matches none of this service's Services or pods"))
        }
        return .init(rule: rule, status: .fail, detail: "no ServiceMonitor, PodMonitor or Probe selects it", evidence: evidence)
    }

    static func selects(_ monitor: Monitor, _ facts: ServiceFacts) -> Bool {
        switch monitor.ref.kind {
        case "Probe":
            let names = Set(facts.hosts.map { $0.lowercased() } + facts.kubeServices.flatMap { service -> [String] in
                let name = service.ref.name.lowercased()
                let namespace = (service.ref.namespace ?? facts.service.namespace ?? "").lowercased()
                return [name, "\(name).\(namespace)", "\(name).\(namespace).svc", "\(name).\(namespace).svc.cluster.local"]
            })
            return monitor.endpoints.compactMap(probeHost).contains { names.contains($0) }
        case "PodMonitor":
            return facts.workloads.contains { monitor.selector.matches($0.selectableLabels) }
        default:
            // The model keeps a Service's selector, not its own labels; by convention they are the
            // app's labels, which its workloads carry too. A dedicated metrics Service usually adds
            // `app.kubernetes.io/component: metrics`: that label is matched through the port the
            // monitor scrapes instead, which must be a named port of one of the service's Services.
            let appLabels = facts.kubeServices.map(\.selector) + facts.workloads.map { $0.labels + $0.selectableLabels }
            if appLabels.contains(where: monitor.selector.matches) { return true }
            let component = "app.kubernetes.io/component"
            guard monitor.selector.matchLabels[key: component] != nil else { return false }
            let rest = LabelSelector(matchLabels: monitor.selector.matchLabels.filter { $0.key != component },
                                     matchExpressions: monitor.selector.matchExpressions)
            guard !rest.isEmpty, appLabels.contains(where: rest.matches) else { return false }
            let portNames = Set(facts.kubeServices.flatMap { $0.ports.compactMap(\.name) + $0.ports.map { String($0.port) } })
            return scrapedPorts(monitor).contains { portNames.contains($0) }
        }
    }

    /// Port names of the endpoints as the scanner records them: `port metrics /metrics`.
    static func scrapedPorts(_ monitor: Monitor) -> [String] {
        monitor.endpoints.compactMap { endpoint in
            let words = endpoint.split(separator: " ")
            return words.count >= 2 && words[0] == "port" ? String(words[1]) : nil
        }
    }

    /// The host of a probe target as the scanner records it: `probe https://x.lab.example.com/health (http_2xx)`.
    static func probeHost(_ endpoint: String) -> String? {
        guard endpoint.hasPrefix("probe ") else { return nil }
        var target = String(endpoint.dropFirst("probe ".count).split(separator: " ").first ?? "")
        if let scheme = target.range(of: "://") { target = String(target[scheme.upperBound...]) }
        if let at = target.lastIndex(of: "@") { target = String(target[target.index(after: at)...]) }
        let host = target.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "?" }).first.map(String.init) ?? ""
        return host.isEmpty ? nil : host.lowercased()
    }

    private static func names(_ monitors: [Monitor]) -> String {
        monitors.map(\.ref.display).joined(separator: ", ")
    }
}

extension String {
    func nonEmptyOr(_ other: String) -> String { isEmpty ? other : self }
}
