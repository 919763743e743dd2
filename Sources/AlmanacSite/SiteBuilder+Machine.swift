import AlmanacModel
import Foundation

extension SiteBuilder {
    /// `catalog.json`: every service with its facts, schema `almanac.catalog/v1` (see README).
    func catalogJSON() -> Page {
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
                                    source: workload.ref.location.description)
                },
                images: facts?.images ?? [],
                ports: (facts?.kubeServices ?? []).flatMap { kubeService in
                    kubeService.ports.map {
                        CatalogPort(service: kubeService.ref.name, name: $0.name, port: $0.port, protocol: $0.protocol,
                                    targetPort: $0.targetPort, type: kubeService.type)
                    }
                },
                hosts: facts?.hosts ?? [],
                loadBalancerIPs: facts?.loadBalancerIPs ?? [],
                volumes: (facts?.allVolumes ?? []).map {
                    CatalogVolume(name: $0.ref.name, size: $0.size, storageClass: $0.storageClass, accessModes: $0.accessModes)
                },
                files: service.files)
        }
        let catalog = Catalog(schema: "almanac.catalog/v1", title: repository.config.title, services: services)
        return Page(path: "catalog.json", data: SiteBuilder.encode(catalog))
    }

    func diagnosticsJSON(_ diagnostics: [Diagnostic]) -> Page {
        Page(path: "diagnostics.json", data: SiteBuilder.encode(DiagnosticsFile(diagnostics: diagnostics.sorted())))
    }

    /// `sitemap.xml` of every HTML page except source views and the 404 page.
    func sitemap(_ pages: [Page]) -> Page {
        let base = repository.config.baseURL ?? ""
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages.map(\.path).sorted() where page.hasSuffix(".html") && !page.hasPrefix("source/") && page != "404.html" {
            let path = page.hasSuffix("index.html") ? String(page.dropLast("index.html".count)) : page
            xml += "  <url><loc>\(SiteBuilder.xmlEscape(base + path))</loc></url>\n"
        }
        xml += "</urlset>\n"
        return Page(path: "sitemap.xml", text: xml)
    }

    static func xmlEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
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
    var volumes: [CatalogVolume]
    var files: [String]
}

struct CatalogWorkload: Encodable {
    var kind: String
    var name: String
    var replicas: Int?
    var schedule: String?
    var containers: [CatalogContainer]
    var source: String
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
}

struct CatalogVolume: Encodable {
    var name: String
    var size: String?
    var storageClass: String?
    var accessModes: [String]
}

struct DiagnosticsFile: Encodable {
    var diagnostics: [Diagnostic]
}
