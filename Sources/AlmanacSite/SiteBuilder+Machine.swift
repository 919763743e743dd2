import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// `catalog.json`: every service with its facts, schema `almanac.catalog/v1` (see README).
    func catalogJSON() -> Page {
        var inventory: [String: BackupInventory.Volume] = [:]
        for volume in analysis.backups.volumes { inventory["\(volume.volume.ref.location)|\(volume.volume.ref.name)"] = volume }
        let services = analysis.index.services.map { service -> CatalogService in
            let facts = analysis.index[service.id]
            return CatalogService(
                name: service.name, id: service.id, url: SiteURLs.service(service), namespace: service.namespace,
                taxonomy: service.taxonomy, category: service.category, tier: service.tier.rawValue,
                summary: service.summary, owner: service.owner,
                workloads: (facts?.workloads ?? []).map { workload in
                    CatalogWorkload(kind: workload.kind.rawValue, name: workload.ref.name, replicas: workload.replicas,
                                    schedule: workload.schedule,
                                    containers: workload.allContainers.map {
                                        CatalogContainer(name: $0.name, image: $0.image, role: $0.role.rawValue,
                                                         ports: $0.ports.map(\.containerPort))
                                    },
                                    source: workload.ref.location.description, origin: workload.ref.origin.rawValue)
                },
                images: facts?.images ?? [],
                ports: (facts?.kubeServices ?? []).flatMap { kubeService in
                    kubeService.ports.map {
                        CatalogPort(service: kubeService.ref.name, name: $0.name, port: $0.port, protocol: $0.protocol,
                                    targetPort: $0.targetPort, type: kubeService.type, source: kubeService.ref.location.description,
                                    origin: kubeService.ref.origin.rawValue)
                    }
                },
                hosts: facts?.hosts ?? [],
                loadBalancerIPs: facts?.loadBalancerIPs ?? [],
                routes: (facts?.routes ?? []).map {
                    CatalogRoute(kind: $0.ref.kind, name: $0.ref.name, hosts: $0.hosts, source: $0.ref.location.description,
                                 origin: $0.ref.origin.rawValue)
                },

                volumes: ((facts?.allVolumes ?? []).map { ($0, nil as String?) } + sharedClaims(service, facts).map { ($0, $0.serviceID ?? "") })
                    .map { (claim: PersistentVolume, owner: String?) -> CatalogVolume in
                    let backup = inventory["\(claim.ref.location)|\(claim.ref.name)"]
                    return CatalogVolume(name: claim.ref.name, size: claim.size, storageClass: claim.storageClass, accessModes: claim.accessModes,
                                         source: claim.ref.location.description, origin: claim.ref.origin.rawValue,
                                         templateOf: claim.templateOf, sharedFrom: owner, backup: backup?.state.rawValue,
                                         backedUpBy: (backup?.protections ?? []).filter(\.isBackup).map(\.policy.mechanism.rawValue)
                                            .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
                },
                files: service.files, cluster: service.cluster,
                deployedBy: service.deployedBy.map {
                    CatalogDeployer(kind: $0.kind, name: $0.name, namespace: $0.namespace, source: $0.location.description)
                },
                chart: service.chart, namespaceProblem: service.namespaceProblem)
        }
        let deployment = repository.deployment
        let coverage = deployment.isEmpty ? nil : CatalogCoverage(
            clusters: deployment.clusters.map { cluster in
                CatalogCluster(name: cluster.name, roots: cluster.roots.map { "\($0.description) (\($0.location))" },
                               units: deployment.units.filter { $0.cluster == cluster.name }.count)
            },
            units: deployment.units.map {
                CatalogUnit(kind: $0.kind.rawValue, name: $0.name, namespace: $0.namespace, cluster: $0.cluster,
                            source: $0.location.description, deploys: $0.source, parent: $0.parent, problem: $0.problem,
                            objects: $0.objectCounts)
            },
            charts: deployment.charts.map {
                CatalogChart(release: $0.release, chart: $0.chart, cluster: $0.cluster, reading: $0.reading.rawValue,
                             source: $0.location.description)
            },
            undefinedVariables: deployment.undefinedVariables.map {
                CatalogVariable(name: $0.name, cluster: $0.cluster, source: $0.location.description, secretSources: $0.secretSources)
            },
            notDeployed: deployment.notDeployed.map { "\($0.kind)/\($0.name) (\($0.location))" })
        let catalog = Catalog(schema: "almanac.catalog/v1", title: repository.config.title, services: services,
                              coverage: coverage)
        return Page(path: "catalog.json", data: SiteBuilder.encode(catalog))
    }

    /// PVCs a service's pods mount that another service (or shared configuration) declares:
    /// an existing claim such as a media share mounted by several apps.
    func sharedClaims(_ service: Service, _ facts: ServiceFacts?) -> [PersistentVolume] {
        guard let facts else { return [] }
        let own = Set(facts.allVolumes.map(\.ref.name))
        var seen = Set<String>()
        var result: [PersistentVolume] = []
        for workload in facts.workloads {
            for volume in workload.volumes {
                guard case .persistentVolumeClaim(let name) = volume.source, !own.contains(name), seen.insert(name).inserted,
                      let claim = claimsByName["\(workload.ref.namespace ?? "")/\(name)"] else { continue }
                result.append(claim)
            }
        }
        return result
    }

    func diagnosticsJSON(_ diagnostics: [Diagnostic]) -> Page {
        Page(path: "diagnostics.json", data: SiteBuilder.encode(DiagnosticsFile(diagnostics: diagnostics.sorted())))
    }

    /// `sitemap.xml` of every HTML page except source views and the 404 page.
    func sitemap(paths: [String]) -> Page {
        let base = repository.config.baseURL ?? ""
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in paths.sorted() where page.hasSuffix(".html") && !page.hasPrefix("source/") && page != "404.html" {
            let path = page.hasSuffix("index.html") ? String(page.dropLast("index.html".count)) : page
            xml += "  <url><loc>\(SiteBuilder.xmlEscape(base + path))</loc></url>\n"
        }
        xml += "</urlset>\n"
        return Page(path: "sitemap.xml", text: xml)
    }

    static func xmlEscape(_ text: String) -> String {
        text.replacingBytes("&", with: "&amp;").replacingBytes("<", with: "&lt;").replacingBytes(">", with: "&gt;")
    }

    static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(value)) ?? Data()) + Data("\n".utf8)
    }
}

struct Catalog: Encodable {
    var schema: String
    var title: String
    var services: [CatalogService]
    /// What the GitOps roots deploy and what Almanac could read of it; absent without GitOps objects.
    var coverage: CatalogCoverage?
}

struct CatalogCoverage: Encodable {
    var clusters: [CatalogCluster]
    var units: [CatalogUnit]
    var charts: [CatalogChart]
    var undefinedVariables: [CatalogVariable]
    var notDeployed: [String]
}

struct CatalogCluster: Encodable {
    var name: String
    var roots: [String]
    var units: Int
}

struct CatalogUnit: Encodable {
    var kind: String
    var name: String
    var namespace: String?
    var cluster: String
    var source: String
    var deploys: String?
    var parent: String?
    var problem: String?
    /// How many objects of each kind it deploys (sorted keys in the file).
    var objects: [String: Int]
}

struct CatalogChart: Encodable {
    var release: String
    var chart: String
    var cluster: String
    var reading: String
    var source: String
}

struct CatalogVariable: Encodable {
    var name: String
    var cluster: String
    var source: String
    /// Encrypted Secrets the Kustomization substitutes from: the value is probably there.
    var secretSources: [String]
}

/// The object that deploys a service, where it is written.
struct CatalogDeployer: Encodable {
    var kind: String
    var name: String
    var namespace: String?
    var source: String
}

struct CatalogRoute: Encodable {
    var kind: String
    var name: String
    var hosts: [String]
    var source: String
    /// `manifest` or `values` (rendered by a chart from Helm values in git).
    var origin: String
}

struct CatalogService: Encodable {
    var name: String
    var id: String
    var url: String
    var namespace: String?
    var taxonomy: [String]
    var category: String
    var tier: Int
    var summary: String?
    var owner: String?
    var workloads: [CatalogWorkload]
    var images: [String]
    var ports: [CatalogPort]
    var hosts: [String]
    var loadBalancerIPs: [String]
    var routes: [CatalogRoute]
    var volumes: [CatalogVolume]
    var files: [String]
    var cluster: String?
    var deployedBy: CatalogDeployer?
    var chart: String?
    var namespaceProblem: String?
}

struct CatalogWorkload: Encodable {
    var kind: String
    var name: String
    var replicas: Int?
    var schedule: String?
    var containers: [CatalogContainer]
    var source: String
    var origin: String
}

struct CatalogContainer: Encodable {
    var name: String
    var image: String
    var role: String
    var ports: [Int]
}

struct CatalogPort: Encodable {
    var service: String
    var name: String?
    var port: Int
    var `protocol`: String
    var targetPort: String?
    var type: String
    var source: String
    var origin: String
}

struct CatalogVolume: Encodable {
    var name: String
    var size: String?
    var storageClass: String?
    var accessModes: [String]
    var source: String
    var origin: String
    /// The StatefulSet (or CloudNativePG Cluster) whose claim template this is: one PVC per replica.
    var templateOf: String?
    /// For a claim this service mounts but does not declare: the id of the service that does ("" for none).
    var sharedFrom: String?
    /// protected, unprotected, exempt, external, ephemeral or node-local (as on the backups page).
    var backup: String?
    /// The backup tools that copy it (Velero, Longhorn, VolSync, CloudNativePG, k8up, kopiur).
    var backedUpBy: [String]
}

struct DiagnosticsFile: Encodable {
    var diagnostics: [Diagnostic]
}
