import AlmanacModel

/// Service folders deeper than the configured limit (the strategy's five levels).
struct FolderTooDeep: Check {
    static let id = "layout.too-deep"

    static func run(repository: Repository, index: RepositoryIndex) -> [Diagnostic] {
        index.services.compactMap { service in
            guard service.depth > repository.config.maxDepth else { return nil }
            let location = service.files.first.map { SourceLocation(path: $0) }
            return Diagnostic(id: id, severity: .warning, location: location,
                              message: "service folder '\(service.id)' is \(service.depth) levels deep (limit \(repository.config.maxDepth))",
                              note: "move it up so the folder path stays a readable taxonomy")
        }
    }
}

/// Containers without both requests and limits for CPU or memory.
struct ContainerWithoutLimits: Check {
    static let id = "resources.missing-limits"

    static func run(repository: Repository, index: RepositoryIndex) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for service in index.services {
            guard let facts = index[service.id], exemption("resources", in: facts.workloads) == nil else { continue }
            for workload in facts.workloads where workload.kind != .cnpgCluster || !workload.containers.isEmpty {
                for container in workload.allContainers {
                    let hasLimits = container.resources.limits[key: "memory"] != nil
                    let hasRequests = !container.resources.requests.isEmpty
                    guard !hasLimits || !hasRequests else { continue }
                    let missing = [hasRequests ? nil : "resource requests", hasLimits ? nil : "memory limit"].compactMap { $0 }
                    findings.append(Diagnostic(
                        id: id, severity: .warning, location: container.location,
                        message: "container '\(container.name)' of \(workload.ref.display) has no \(missing.joined(separator: " and no "))",
                        note: "set resources.requests and resources.limits so the scheduler and the OOM killer behave"))
                }
            }
        }
        return findings
    }
}

/// Workloads missing the Kubernetes recommended `app.kubernetes.io/*` labels.
struct MissingRecommendedLabels: Check {
    static let id = "labels.missing-recommended"
    static let required = ["app.kubernetes.io/name"]

    static func run(repository: Repository, index: RepositoryIndex) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for service in index.services {
            guard let facts = index[service.id], exemption("labels", in: facts.workloads) == nil else { continue }
            for workload in facts.workloads where workload.kind != .cnpgCluster {
                let labels = workload.labels + workload.podLabels
                let missing = required.filter { labels[key: $0] == nil }
                guard !missing.isEmpty else { continue }
                findings.append(Diagnostic(
                    id: id, severity: .warning, location: workload.ref.location,
                    message: "\(workload.ref.display) has no \(missing.joined(separator: ", ")) label",
                    note: "add the app.kubernetes.io/* labels so selectors, dashboards and the catalog agree"))
            }
        }
        return findings
    }
}
