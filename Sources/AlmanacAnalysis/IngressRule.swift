import AlmanacModel

/// Ingress: a service that serves HTTP has a route — an Ingress, Traefik IngressRoute or Gateway
/// API route in its folder, or anywhere in the repo with one of its Services as backend. A port
/// serves HTTP when it is named like it (`http`, `https`, `web`, `ui`, `http-*`, `*-http`,
/// `*-ui`, `*-web`) or is 80/443 unnamed; metrics and health ports do not count. Services with
/// no HTTP port are n/a; internal APIs are exempted with a reason.
enum IngressRule: ScorecardEvaluator {
    static let rule = ScorecardRule.ingress

    static func evaluate(_ facts: ServiceFacts, in context: ScorecardContext) -> Scorecard.Cell {
        var routes = facts.routes
        for kubeService in facts.kubeServices {
            let key = "\(kubeService.ref.namespace ?? facts.service.namespace ?? "")/\(kubeService.ref.name)"
            routes += (context.routedServices[key] ?? []).filter { !routes.contains($0) }
        }
        if !routes.isEmpty {
            let hosts = routes.flatMap(\.hosts)
            var seen = Set<String>()
            let detail = hosts.isEmpty ? routes.map(\.ref.display).joined(separator: ", ")
                : hosts.filter { seen.insert($0).inserted }.joined(separator: ", ")
            return .init(rule: rule, status: .pass, detail: detail)
        }
        // A port Prometheus scrapes is a metrics endpoint, not a UI; so are metrics and webhook Services.
        let scraped = Set(facts.monitors.flatMap(MonitoringRule.scrapedPorts))
        let servicePorts = facts.kubeServices.filter { !isInfrastructure($0.ref.name) }
            .flatMap { service in service.ports.map { (service, $0) } }
            .filter { isHTTP(name: $0.1.name, port: $0.1.port) && !scraped.contains($0.1.name ?? String($0.1.port)) }
        let containerPorts = facts.kubeServices.isEmpty ? facts.workloads.flatMap { workload in
            workload.allContainers.flatMap { container in container.ports.map { (container, $0) } }
        }.filter { isHTTP(name: $0.1.name, port: $0.1.containerPort) && !scraped.contains($0.1.name ?? String($0.1.containerPort)) } : []
        if let (service, port) = servicePorts.first {
            return fail("\(service.ref.display) serves HTTP on port \(port.name.map { "'\($0)' " } ?? "")\(port.port), but no route leads to it",
                        at: port.location)
        }
        if let (container, port) = containerPorts.first {
            return fail("container '\(container.name)' serves HTTP on port \(port.name.map { "'\($0)' " } ?? "")\(port.containerPort), but no Service or route exposes it",
                        at: container.location)
        }
        let ports = facts.kubeServices.flatMap(\.ports).map { "\($0.name ?? "")\($0.name == nil ? "" : " ")\($0.port)/\($0.protocol)" }
        return .init(rule: rule, status: .notApplicable,
                     detail: ports.isEmpty ? "no HTTP port" : "no HTTP port (\(ports.joined(separator: ", ")))")
    }

    private static func fail(_ message: String, at location: SourceLocation) -> Scorecard.Cell {
        .init(rule: rule, status: .fail, detail: message, evidence: [Diagnostic(
            id: "scorecard.ingress", severity: .warning, location: location, message: message,
            note: "add an Ingress, IngressRoute or HTTPRoute, or exempt it with \(rule.annotation): \"<reason>\"")])
    }

    /// Services that exist for machines: metrics endpoints and admission webhooks.
    static func isInfrastructure(_ name: String) -> Bool {
        let name = name.lowercased()
        return name.contains("metrics") || name.contains("webhook")
    }

    static let httpNames: Set<String> = ["http", "https", "web", "ui", "websecure", "dashboard", "webui", "api"]

    /// Whether a port serves a user-facing HTTP endpoint, judged by its name (or 80/443 when unnamed).
    static func isHTTP(name: String?, port: Int) -> Bool {
        guard let name = name?.lowercased(), !name.isEmpty else { return port == 80 || port == 443 }
        if ["metric", "health", "probe", "monitor", "prometheus", "webhook"].contains(where: { name.contains($0) }) { return false }
        return httpNames.contains(name) || name.hasPrefix("http") || name.hasSuffix("-http") || name.hasSuffix("-ui")
            || name.hasSuffix("-web")
    }
}
