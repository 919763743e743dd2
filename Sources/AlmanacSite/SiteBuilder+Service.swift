import AlmanacAnalysis
import AlmanacModel
import CMark
import Foundation

extension SiteBuilder {
    func servicePage(_ service: Service) throws -> Page {
        let page = SiteURLs.service(service)
        guard let facts = analysis.index[service.id] else { throw TemplateRenderer.Failure(description: "no facts for \(service.id)") }
        func link(_ location: SourceLocation) -> String? {
            urls.source(location).map { SiteURLs.relative(from: page, to: $0) }
        }
        func forge(_ location: SourceLocation) -> String? {
            SiteURLs.forge(repoURL: repository.config.repoURL, branch: repository.config.repoBranch,
                           path: location.path, line: location.line)
        }
        func objectContext(_ ref: ObjectRef) -> [String: Any] {
            var context: [String: Any] = ["kind": ref.kind, "name": ref.name, "place": "\(ref.location.path):\(ref.location.line)"]
            if let url = link(ref.location) { context["url"] = url }
            if let url = forge(ref.location) { context["forge"] = url }
            if let namespace = ref.namespace { context["namespace"] = namespace }
            context["fromValues"] = ref.origin == .values
            return context
        }
        let workloads: [[String: Any]] = facts.workloads.map { workload in
            var context = objectContext(workload.ref)
            context["replicas"] = workload.replicas.map { $0 == 1 ? "1 replica" : "\($0) replicas" } ?? ""
            context["schedule"] = workload.schedule ?? ""
            context["hostNetwork"] = workload.hostNetwork
            context["containers"] = workload.allContainers.map { container -> [String: Any] in
                [
                    "name": container.name, "image": container.image, "role": container.role.rawValue,
                    "ports": container.ports.map { "\($0.containerPort)/\($0.protocol)" + ($0.name.map { " (\($0))" } ?? "") }
                        .joined(separator: ", "),
                    "requests": container.resources.requests.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                    "limits": container.resources.limits.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                    "noResources": container.resources.isEmpty,
                    "probes": container.probes.map { "\($0.kind.rawValue): \($0.summary)" },
                    "env": container.env.map { env -> [String: Any] in
                        ["name": env.name, "value": env.display, "masked": env.value == .masked,
                         "reference": { if case .literal = env.value { return false } else { return true } }()]
                    },
                    "hasEnv": !container.env.isEmpty || !container.envFrom.isEmpty,
                    "envFrom": container.envFrom,
                    "command": container.commandLine.joined(separator: " "),
                    "url": link(container.location) ?? "",
                ]
            }
            context["volumes"] = workload.volumes.map { ["name": $0.name, "source": $0.sourceDescription] }
            return context
        }
        let services: [[String: Any]] = facts.kubeServices.map { kubeService in
            var context = objectContext(kubeService.ref)
            context["type"] = kubeService.type + (kubeService.headless ? " (headless)" : "")
            context["ports"] = kubeService.ports.map { port in
                "\(port.port)/\(port.protocol)" + (port.name.map { " \($0)" } ?? "")
                    + (port.targetPort.map { " → \($0)" } ?? "")
            }.joined(separator: ", ")
            context["addresses"] = kubeService.loadBalancerIPs.map { "\($0.address) (\($0.source))" }
            context["pool"] = kubeService.addressPool ?? ""
            return context
        }
        let routes: [[String: Any]] = facts.routes.map { route in
            var context = objectContext(route.ref)
            context["hosts"] = route.hosts.map { host -> [String: Any] in
                ["host": host, "url": host.contains("*") ? "" : "https://\(host)/"]
            }
            context["paths"] = route.paths.joined(separator: ", ")
            var seenBackends = Set<String>()
            context["backends"] = route.backends.map { backend in
                backend.service + (backend.port.map { ":\($0)" } ?? "") + (backend.namespace.map { " (\($0))" } ?? "")
            }.filter { seenBackends.insert($0).inserted }.joined(separator: ", ")
            context["entryPoints"] = (route.entryPoints + (route.ingressClass.map { ["class \($0)"] } ?? [])).joined(separator: ", ")
            context["middlewares"] = route.middlewares.joined(separator: ", ")
            if let tls = route.tls {
                context["tls"] = [tls.secretName.map { "secret \($0)" }, tls.certResolver.map { "resolver \($0)" },
                                  tls.issuer.map { "issuer \($0)" }].compactMap { $0 }.joined(separator: ", ")
                    .nonEmpty ?? "enabled"
            }
            return context
        }
        let volumes: [[String: Any]] = facts.allVolumes.map { volume in
            var context = objectContext(volume.ref)
            context["size"] = volume.size ?? "—"
            context["storageClass"] = volume.storageClass ?? "default"
            context["accessModes"] = volume.accessModes.joined(separator: ", ")
            context["template"] = volume.templateOf.map { "claim template of \($0)" } ?? ""
            return context
        }
        let policies: [[String: Any]] = facts.networkPolicies.map { policy in
            var context = objectContext(policy.ref)
            context["selects"] = policy.podSelector.isEmpty ? "all pods" : policy.podSelector.description()
            context["types"] = policy.policyTypes.joined(separator: ", ")
            context["ingress"] = policy.ingressFrom
            context["egress"] = policy.egressTo
            context["defaultDeny"] = policy.isDefaultDeny
            return context
        }
        let monitors: [[String: Any]] = facts.monitors.map { monitor in
            var context = objectContext(monitor.ref)
            context["endpoints"] = monitor.endpoints.joined(separator: "; ")
            return context
        }
        let alerts: [[String: Any]] = facts.alerts.map { alert in
            var context: [String: Any] = [
                "name": alert.name, "severity": alert.severity ?? "—", "for": alert.duration ?? "—",
                "summary": alert.summary ?? "", "expr": alert.expression, "runbook": alert.runbookURL ?? "",
            ]
            if let url = link(alert.location) { context["url"] = url }
            if let runbook = alert.runbookURL, runbook.hasPrefix("http") { context["runbookURL"] = runbook }
            return context
        }
        let backups: [[String: Any]] = facts.backups.map { backup in
            var context = objectContext(backup.ref)
            context["mechanism"] = backup.mechanism.rawValue
            context["schedule"] = backup.schedule ?? "continuous"
            context["retention"] = backup.retention ?? "—"
            context["target"] = [backup.target, backup.destination].compactMap { $0 }.joined(separator: " → ")
            return context
        }
        let secrets: [[String: Any]] = facts.secrets.map { secret in
            var context = objectContext(secret.ref)
            context["source"] = secret.source.rawValue
            context["keys"] = secret.keys.joined(separator: ", ")
            context["store"] = secret.store ?? ""
            context["plaintext"] = secret.plaintext
            return context
        }
        let configMaps: [[String: Any]] = facts.configMaps.map { configMap in
            var context = objectContext(configMap.ref)
            context["keys"] = configMap.entries.map(\.key).joined(separator: ", ")
            return context
        }
        let apps: [[String: Any]] = facts.gitOpsApps.map { app in
            var context = objectContext(app.ref)
            context["tool"] = app.tool.rawValue
            context["wave"] = app.syncWave.map(String.init) ?? ""
            context["path"] = app.path ?? app.chart ?? ""
            return context
        }
        let certificates: [[String: Any]] = facts.certificates.map { certificate in
            var context = objectContext(certificate.ref)
            context["dnsNames"] = certificate.dnsNames.joined(separator: ", ")
            context["issuer"] = certificate.issuer ?? certificate.detail ?? ""
            return context
        }
        let ownFiles = Set(service.files)
        let findings = ownFiles.sorted().flatMap { diagnosticsByPath[$0] ?? [] }.sorted()
        let files: [[String: Any]] = service.files.map { path in
            var context: [String: Any] = ["path": path]
            if let source = urls.source(path) { context["url"] = SiteURLs.relative(from: page, to: source) }
            if let forge = SiteURLs.forge(repoURL: repository.config.repoURL, branch: repository.config.repoBranch, path: path) {
                context["forge"] = forge
            }
            return context
        }
        var readmeHTML: SafeHTML?
        if let readme = facts.readme {
            readmeHTML = .renderedMarkdown(SiteBuilder.embeddedReadme(renderMarkdown(readme, page: page).html))
        }
        var breadcrumbs: [(String, String?)] = [("Services", "services/index.html")]
        breadcrumbs.append((service.category, "services/index.html#\(SiteBuilder.anchor(service.category))"))
        breadcrumbs.append((service.name, nil))
        var context = layout(page: page, title: service.name, section: "services", breadcrumbs: breadcrumbs)
        context = context.merging([
            "service": [
                "name": service.name, "id": service.id, "category": service.category, "tier": service.tier.label,
                "namespace": service.namespace ?? "—", "summary": service.summary ?? "", "owner": service.owner ?? "",
                "lifecycle": service.lifecycle ?? "", "cluster": service.cluster ?? "", "chart": service.chart ?? "",
                "namespaceProblem": service.namespaceProblem ?? "",
                "deployedBy": service.deployedBy != nil, "deployerKind": service.deployedBy?.kind ?? "",
                "deployerName": service.deployedBy?.name ?? "",
                "deployerURL": service.deployedBy.flatMap { urls.source($0.location) }.map { SiteURLs.relative(from: page, to: $0) } ?? "",
            ] as [String: Any],
            "images": facts.images, "hosts": facts.hosts.map { ["host": $0, "url": $0.contains("*") ? "" : "https://\($0)/"] },
            "addresses": facts.loadBalancerIPs,
            "workloads": workloads, "kubeServices": services, "routes": routes, "volumes": volumes,
            "policies": policies, "monitors": monitors, "alerts": alerts, "backups": backups, "secrets": secrets,
            "configMaps": configMaps, "apps": apps, "certificates": certificates, "files": files,
            "findings": findings.map { diagnosticContext($0, from: page) },
            "readme": readmeHTML as Any,
            "hasWorkloads": !workloads.isEmpty, "hasServices": !services.isEmpty, "hasRoutes": !routes.isEmpty,
            "hasVolumes": !volumes.isEmpty, "hasPolicies": !policies.isEmpty, "hasMonitors": !monitors.isEmpty,
            "hasAlerts": !alerts.isEmpty, "hasBackups": !backups.isEmpty, "hasSecrets": !secrets.isEmpty,
            "hasConfig": !configMaps.isEmpty || !apps.isEmpty || !certificates.isEmpty, "hasApps": !apps.isEmpty, "hasCertificates": !certificates.isEmpty,
            "hasFindings": !findings.isEmpty, "searchMeta": searchMeta(service: service, facts: facts),
        ])
        for extra in [graphServiceContext(service, page: page), networkServiceContext(service, page: page),
                      portsServiceContext(service, page: page), backupsServiceContext(service, page: page),
                      knowledgeServiceContext(service, page: page), scorecardServiceContext(service, page: page),
                      docsServiceContext(service, page: page)] {
            context = context.merging(extra)
        }
        return try render("service", page: page, context)
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
