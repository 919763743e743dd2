import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Kinds whose content becomes facts on the pages; every other kind is only listed.
    static let modelledKinds: Set<String> = [
        "Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "Pod", "ReplicaSet", "Cluster", "Service", "Ingress",
        "IngressRoute", "IngressRouteTCP", "IngressRouteUDP", "HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute",
        "Gateway", "PersistentVolumeClaim", "NetworkPolicy", "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy",
        "ServiceMonitor", "PodMonitor", "Probe", "PrometheusRule", "Schedule", "RecurringJob", "ReplicationSource",
        "ScheduledBackup", "ObjectStore", "SnapshotPolicy", "SnapshotSchedule", "Namespace", "IPAddressPool",
        "CiliumLoadBalancerIPPool", "Certificate", "Issuer", "ClusterIssuer", "Secret", "ExternalSecret", "SealedSecret",
        "ClusterSecretStore", "SecretStore", "ConfigMap", "Kustomization", "HelmRelease", "Application", "ApplicationSet",
        "BackupStorageLocation",
    ]

    /// Reached from the home page's counts rather than the crowded top navigation.
    func coveragePages() throws -> [Page] {
        guard !repository.deployment.isEmpty else { return [] }
        return [try coveragePage()]
    }

    /// What Almanac understood of the repo's GitOps roots: clusters and roots, the deploying
    /// objects, how far it could read each chart, variables left undefined, files it skipped,
    /// and the manifests no root deploys. The other pages are as true as this one says.
    func coveragePage() throws -> Page {
        let page = "coverage/index.html"
        let deployment = repository.deployment
        func link(_ location: SourceLocation) -> String {
            urls.source(location).map { SiteURLs.relative(from: page, to: $0) } ?? ""
        }
        let clusters: [[String: Any]] = deployment.clusters.map { cluster in
            let units = deployment.units.filter { $0.cluster == cluster.name }
            let services = repository.services.filter { $0.cluster == cluster.name }
            return [
                "name": cluster.name, "services": services.count, "units": units.count,
                "roots": cluster.roots.map { ["text": $0.description, "place": $0.location.description, "url": link($0.location)] },
                "hasProblems": units.contains { $0.problem != nil },
                "problems": units.filter { $0.problem != nil }.map { unit -> [String: Any] in
                    ["unit": unit.display, "problem": unit.problem ?? "", "place": unit.location.description, "url": link(unit.location)]
                },
            ]
        }
        var counts: [String: Int] = [:]
        for unit in deployment.units { for (kind, count) in unit.objectCounts { counts[kind, default: 0] += count } }
        let kinds = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { kind, count -> [String: Any] in
            ["kind": kind, "count": count, "modelled": Self.modelledKinds.contains(kind)]
        }
        let modelled = counts.filter { Self.modelledKinds.contains($0.key) }.values.reduce(0, +)
        let total = counts.values.reduce(0, +)
        var readings: [ChartUse.Reading: Int] = [:]
        for chart in deployment.charts { readings[chart.reading, default: 0] += 1 }
        let charts: [[String: Any]] = deployment.charts.sorted { ($0.cluster, $0.release, $0.chart) < ($1.cluster, $1.release, $1.chart) }
            .map { chart in
                ["release": chart.release, "chart": chart.chart, "cluster": chart.cluster, "reading": chart.reading.rawValue,
                 "opaque": chart.reading == .opaque, "place": chart.location.description, "url": link(chart.location)]
            }
        let undefined: [[String: Any]] = deployment.undefinedVariables.map {
            ["name": "${\($0.name)}", "cluster": $0.cluster, "place": $0.location.description, "url": link($0.location),
             "secrets": $0.secretSources.joined(separator: ", ")]
        }
        let skipped: [[String: Any]] = diagnostics.filter { $0.severity == .note && $0.id.hasPrefix("scan.") }.sorted().map {
            ["place": $0.location?.description ?? "", "url": $0.location.map(link) ?? "", "message": $0.message, "id": $0.id]
        }
        let notDeployed: [[String: Any]] = deployment.notDeployed.map {
            ["object": $0.display, "namespace": $0.namespace ?? "", "place": $0.location.description, "url": link($0.location)]
        }
        let context = layout(page: page, title: "Coverage", section: "coverage").merging([
            "clusters": clusters, "clusterCount": clusters.count, "unitCount": deployment.units.count,
            "serviceCount": repository.services.count,
            "kinds": kinds, "modelled": modelled, "total": total, "listed": total - modelled,
            "charts": charts, "chartCount": charts.count, "hasCharts": !charts.isEmpty,
            "clusterText": clusters.count == 1 ? "1 cluster" : "\(clusters.count) clusters",
            "readings": ChartUse.Reading.allCases.compactMap { reading -> [String: Any]? in
                guard let count = readings[reading] else { return nil }
                return ["reading": reading.rawValue, "count": count]
            },
            "undefined": undefined, "undefinedCount": undefined.count,
            "skipped": skipped, "skippedCount": skipped.count,
            "notDeployed": notDeployed, "notDeployedCount": notDeployed.count,
        ]) { $1 }
        return try render("coverage", page: page, context)
    }
}
