import AlmanacModel

/// Dependencies someone wrote down: `almanac.dev/depends-on`, Backstage `dependsOn`, Flux `dependsOn`.
extension DependencyDiscovery {
    static let annotation = "almanac.dev/depends-on"

    mutating func declaredAnnotations() {
        for workload in repository.workloads {
            guard let from = workload.serviceID,
                  let value = workload.annotations[key: Self.annotation] ?? workload.podAnnotations[key: Self.annotation]
            else { continue }
            let namespace = workload.ref.namespace ?? namespaceOf[from]
            let line = lines.locate(Self.annotation, from: workload.ref.location)
            for entry in value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init) {
                declare(entry, written: entry, from: from, namespace: namespace, at: lines.locate(entry, from: line, window: 3),
                        detail: "\(Self.annotation): \(entry) on \(workload.ref.display)",
                        note: "write <service>.<namespace> of a Service in the repo, or the name of a service folder")
            }
        }
    }

    mutating func backstageDependencies() {
        for service in repository.services where !service.declaredDependencies.isEmpty {
            let file = service.files.first { $0.hasSuffix("catalog-info.yaml") || $0.hasSuffix("catalog-info.yml") }
            let start = SourceLocation(path: file ?? service.id, line: 1)
            for entry in service.declaredDependencies {
                // `resource:default/postgresql`, `component:gotenberg`, `gotenberg`.
                var name = Substring(entry)
                if let colon = name.firstIndex(of: ":") { name = name[name.index(after: colon)...] }
                if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
                declare(String(name), written: entry, from: service.id, namespace: service.namespace,
                        at: lines.locate(entry, from: start), detail: "catalog-info dependsOn \(entry)",
                        note: "name a component or resource whose name is a service folder of the repo")
            }
        }
    }

    mutating func declare(_ name: String, written: String, from: String, namespace: String?, at location: SourceLocation,
                                  detail: String, note: String) {
        switch resolver.resolveDeclared(name, in: namespace) {
        case .service(let id?, _, _):
            if id != from { edges.append(Edge(from: from, to: id, evidence: .declared, detail: detail, location: location)) }
        case .builtin, .service(nil, _, _):
            break
        case .unresolved, .notClusterName:
            findings.append(Diagnostic(id: Self.unresolvedID, severity: .warning, location: location,
                                       message: "declared dependency '\(written)' names no service of the repo", note: note))
        }
    }

    // MARK: Flux

    /// Flux `dependsOn` between Kustomizations (or HelmReleases) that each deploy one service.
    mutating func fluxDependencies() {
        let flux = repository.gitOpsApps.filter { $0.tool == .fluxKustomization || $0.tool == .fluxHelmRelease }
        func deployed(_ app: GitOpsApp) -> String? {
            if app.tool == .fluxKustomization, let raw = app.path {
                let path = raw.hasPrefix("./") ? String(raw.dropFirst(2)) : raw
                let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
                let under = repository.services.filter { $0.id == trimmed || $0.id.hasPrefix(trimmed + "/") || trimmed.hasPrefix($0.id + "/") }
                if under.count == 1 { return under[0].id }
                if under.count > 1 { return nil }
            }
            return app.serviceID
        }
        for app in flux where !app.dependsOn.isEmpty {
            guard let from = deployed(app) else { continue }
            let start = lines.locate("dependsOn", from: app.ref.location)
            for name in app.dependsOn {
                let location = lines.locate(name, from: start, window: 12)
                guard let target = flux.first(where: { $0.tool == app.tool && $0.ref.name == name }) else {
                    findings.append(Diagnostic(
                        id: Self.unresolvedID, severity: .warning, location: location,
                        message: "\(app.tool.rawValue) '\(app.ref.name)' depends on '\(name)', which is not in the repo",
                        note: "Flux waits for a dependency that never becomes ready; fix the name or remove it"))
                    continue
                }
                guard let to = deployed(target), to != from else { continue }
                edges.append(Edge(from: from, to: to, evidence: .fluxDependsOn,
                                  detail: "\(app.tool.rawValue) \(app.ref.name) dependsOn \(name)", location: location))
            }
        }
    }
}
