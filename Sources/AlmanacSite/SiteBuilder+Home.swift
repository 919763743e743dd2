import SiteTemplates
import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    func homePage() throws -> Page {
        let page = "index.html"
        let index = analysis.index
        let containers = repository.workloads.flatMap(\.allContainers)
        let images = Set(containers.map(\.image).filter { !$0.isEmpty })
        let hosts = Set(repository.routes.flatMap(\.hosts))
        let addresses = Set((repository.kubeServices.flatMap(\.loadBalancerIPs) + repository.gateways.flatMap(\.loadBalancerIPs)).map(\.address))
        let volumes = repository.allVolumes
        let bytes = volumes.compactMap(\.bytes).reduce(0, +)
        let deployment = repository.deployment
        let coverage: [[String: Any]] = deployment.isEmpty ? [] : [[
            "label": "GitOps objects followed", "value": deployment.units.count, "url": "coverage/index.html",
            "detail": "\(deployment.clusters.count) cluster\(deployment.clusters.count == 1 ? "" : "s") · \(deployment.notDeployed.count) manifests not deployed",
        ]]
        let counts: [[String: Any]] = [
            ["label": "services", "value": index.services.count, "url": "services/index.html"],
        ] + coverage + [
            ["label": "workloads", "value": repository.workloads.count],
            ["label": "container images", "value": images.count],
            ["label": "hostnames", "value": hosts.count],
            ["label": "LoadBalancer IPs", "value": addresses.count],
            ["label": "volumes", "value": volumes.count, "detail": "\(SiteBuilder.formatBytes(bytes)) requested"],
            ["label": "alerts", "value": repository.alerts.count],
            ["label": "documents", "value": repository.documents.filter { $0.kind != .serviceReadme }.count,
             "url": "docs/index.html"],
        ]
        let categories = Dictionary(grouping: index.services, by: \.category).sorted {
            ($0.value.map(\.tier).min() ?? .apps, $0.key) < ($1.value.map(\.tier).min() ?? .apps, $1.key)
        }
        let categoryRows: [[String: Any]] = categories.map { category, services in
            ["name": category, "count": services.count,
             "url": "services/index.html#\(SiteBuilder.anchor(category))"]
        }
        let documentKinds = Dictionary(grouping: repository.documents.filter { $0.kind != .serviceReadme }, by: \.kind)
        let kindRows: [[String: Any]] = Document.Kind.allCases.compactMap { kind in
            guard let documents = documentKinds[kind] else { return nil }
            return ["name": kind.rawValue + (documents.count == 1 ? "" : "s"), "count": documents.count]
        }
        let worst = diagnostics.sorted { ($0.severity, $1.location?.path ?? "") > ($1.severity, $0.location?.path ?? "") }
        let shown = Array(worst.filter { $0.severity >= .warning }.prefix(15))
        var context = layout(page: page, title: "Overview", section: "home")
        context = context.merging([
            "counts": counts,
            "categories": categoryRows,
            "documentKinds": kindRows,
            "diagnostics": shown.map { diagnosticContext($0, from: page) },
            "hasDiagnostics": !shown.isEmpty,
            "errorCount": diagnostics.count(of: .error),
            "warningCount": diagnostics.count(of: .warning),
            "noteCount": diagnostics.count(of: .note),
            "errorWord": diagnostics.count(of: .error) == 1 ? "error" : "errors",
            "warningWord": diagnostics.count(of: .warning) == 1 ? "warning" : "warnings",
            "noteWord": diagnostics.count(of: .note) == 1 ? "note" : "notes",
            "moreDiagnostics": max(0, diagnostics.filter { $0.severity >= .warning }.count - shown.count),
            "hasMoreDiagnostics": diagnostics.filter { $0.severity >= .warning }.count > shown.count,
        ])
        return try render("home", page: page, context)
    }

    /// `1.5 TiB`, `320 GiB`, `512 MiB`.
    static func formatBytes(_ bytes: Double) -> String {
        let units: [(String, Double)] = [("TiB", 1_099_511_627_776), ("GiB", 1_073_741_824), ("MiB", 1_048_576)]
        for (unit, size) in units where bytes >= size {
            let value = bytes / size
            return value >= 100 || value == value.rounded() ? String(format: "%.0f %@", value, unit) : String(format: "%.1f %@", value, unit)
        }
        return String(format: "%.0f KiB", bytes / 1024)
    }

    func diagnosticContext(_ diagnostic: Diagnostic, from page: String) -> [String: Any] {
        var context: [String: Any] = [
            "id": diagnostic.id, "severity": diagnostic.severity.rawValue, "message": diagnostic.message,
        ]
        if let note = diagnostic.note { context["note"] = note }
        if let location = diagnostic.location {
            context["place"] = "\(location.path):\(location.line)"
            if let source = urls.source(location) { context["url"] = SiteURLs.relative(from: page, to: source) }
        }
        return context
    }

    static func anchor(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    func catalogPage() throws -> Page {
        let page = "services/index.html"
        // Core first, then platform, then apps; categories alphabetically within a tier.
        let groups = Dictionary(grouping: analysis.index.services, by: \.category).sorted {
            ($0.value.map(\.tier).min() ?? .apps, $0.key) < ($1.value.map(\.tier).min() ?? .apps, $1.key)
        }
        // With several clusters, each row says which cluster the service runs in.
        let multiCluster = Set(analysis.index.services.compactMap(\.cluster)).count > 1
        let groupContexts: [[String: Any]] = groups.map { category, services in
            [
                "name": category, "anchor": SiteBuilder.anchor(category), "count": services.count,
                "services": services.map { service -> [String: Any] in
                    let facts = analysis.index[service.id]
                    return [
                        "name": service.name,
                        "url": SiteURLs.relative(from: page, to: SiteURLs.service(service)),
                        "namespace": service.namespace ?? "—",
                        "cluster": multiCluster ? service.cluster ?? "" : "",
                        "kinds": Array(Set(facts?.workloads.map(\.kind.rawValue) ?? [])).sorted().joined(separator: ", "),
                        "image": facts?.images.first ?? "",
                        "hosts": facts?.hosts ?? [],
                        "summary": service.summary ?? "",
                        "tier": service.tier.rawValue,
                        "search": ([service.name, service.namespace ?? "", service.cluster ?? "", category] + (facts?.hosts ?? [])
                            + (facts?.images ?? [])).filter { !$0.isEmpty }.joined(separator: " ").lowercased(),
                    ]
                },
            ]
        }
        var context = layout(page: page, title: "Service catalog", section: "services",
                             breadcrumbs: [("Home", "index.html"), ("Services", nil)])
        context = context.merging(["groups": groupContexts, "total": analysis.index.services.count])
        return try render("catalog", page: page, context)
    }

    func notFoundPage() throws -> Page {
        var context = layout(page: "404.html", title: "Page not found", section: "")
        // A 404 page is served at any depth: link from the site root when it is known.
        if let base = repository.config.baseURL {
            let root = base.hasPrefix("http") ? base : (base.hasPrefix("/") ? base : "/" + base)
            context["root"] = root
            context["siteHeader"] = SafeHTML.built(siteHeader(root: root, section: ""))
        } else {
            context["root"] = "/"
            context["siteHeader"] = SafeHTML.built(siteHeader(root: "/", section: ""))
        }
        return try render("404", page: "404.html", context)
    }

    func assetPages() throws -> [Page] {
        let directory = SiteTemplates.assetsDirectory
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
        return try names.map { name in
            Page(path: "assets/\(name)", data: try Data(contentsOf: directory.appendingPathComponent(name)))
        }
    }
}
