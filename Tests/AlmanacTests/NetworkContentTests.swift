@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
@testable import AlmanacSite
import Foundation
import Testing

/// The network topology and port registry of content/, against counts made by hand.
@Suite(.serialized) struct NetworkContentTests {
    static let analysis: (Repository, Analyzer.Result) = {
        let repository = try! RepositoryScanner(root: SampleSiteTests.content).scan().repository
        return (repository, Analyzer.analyze(repository))
    }()

    /// Hand count from k3s/core/metallb/ipaddresspools.yaml and every `type: LoadBalancer` Service:
    /// - default 10.10.0.200–210 (11): traefik .200, plex .201, qbittorrent-bittorrent .202,
    ///   unifi-controller-devices .203, gitea-ssh .204, mailpit-smtp and gotify .205 (one address,
    ///   claimed twice), frigate-rtsp .206, mariadb .207, tdarr-server .208 → 9 used (82 %), .209–.210 free.
    /// - dmz 10.10.30.10–19 (10): wg-easy-vpn .10, minecraft .11, factorio .12 → 3 used (30 %).
    /// - iot 10.10.20.240–247 (8): home-assistant .240, mosquitto .241 → 2 used (25 %).
    /// - adguard-home-dns 10.10.0.53 is in no pool. No Service takes a dynamic address.
    @Test func poolUsageMatchesTheHandCount() throws {
        let pools = Self.analysis.1.network.pools
        #expect(pools.map(\.pool.ref.name) == ["default", "dmz", "iot"])
        #expect(pools.map(\.size) == [11, 10, 8])
        #expect(pools.map(\.used) == [9, 3, 2])
        #expect(pools.map(\.percentUsed) == [82, 30, 25])
        #expect(pools.map(\.dynamicCount) == [0, 0, 0])
        #expect(pools.map { $0.free.map(\.description) } == [["10.10.0.209–10.10.0.210"], ["10.10.30.13–10.10.30.19"], ["10.10.20.242–10.10.20.247"]])
        let allocations = Self.analysis.1.network.allocations
        #expect(allocations.count == 16)
        #expect(Set(allocations.compactMap(\.address)).count == 15)
        #expect(allocations.filter { $0.pool == nil }.map(\.serviceName) == ["networking/adguard-home-dns"])
    }

    @Test func subnetsFromTheVLANReferenceGiveContext() throws {
        let network = Self.analysis.1.network
        #expect(network.subnets.map(\.label) == [
            "VLAN 1 mgmt 10.10.1.0/24", "VLAN 10 servers 10.10.0.0/24", "VLAN 20 iot 10.10.20.0/24",
            "VLAN 30 dmz 10.10.30.0/24", "VLAN 40 clients 10.10.40.0/24",
        ])
        #expect(network.subnets.first?.location == SourceLocation(path: "docs/reference/network-topology/vlans-and-subnets.md", line: 12))
        let outside = try #require(IPv4Range("10.10.0.53"))
        #expect(network.subnets(containing: outside).map(\.label) == ["VLAN 10 servers 10.10.0.0/24"])
        #expect(network.pools.map { pool in pool.ranges.flatMap { network.subnets(containing: $0).map(\.vlan) } }
                == [["10"], ["30"], ["20"]])
    }

    @Test func hostsLeadToTheirServicesWithTheirCertificates() throws {
        let hosts = Self.analysis.1.network.hosts
        let git = try #require(hosts.first { $0.host == "git.lab.example.com" })
        #expect(git.entryPoints == ["websecure"])
        #expect(git.backends.map(\.serviceID) == ["k3s/apps/dev-tools/gitea"])
        #expect(git.backends.flatMap(\.workloads).map(\.display) == ["Deployment/gitea"])
        #expect(git.tls?.certificate?.ref.name == "wildcard-lab-example-com")
        let blog = try #require(hosts.first { $0.host == "blog.example.com" })
        #expect(blog.tls?.secretName == "blog-example-com-tls")
        #expect(blog.tls?.issuer == "letsencrypt-prod")
        #expect(hosts.allSatisfy { $0.problems.isEmpty })
    }

    @Test func policiesPerNamespaceAndService() throws {
        let network = Self.analysis.1.network
        #expect(network.namespaces.count == 27)
        #expect(network.namespaces.allSatisfy { !$0.denyIngress.isEmpty && !$0.denyEgress.isEmpty })
        let uncovered = network.coverage.values.filter { !$0.isCovered }.map(\.serviceID)
        #expect(uncovered == ["k3s/apps/web-internal/cyberchef"])
        let exempt = network.coverage.values.filter { $0.exemption != nil }.map(\.serviceID)
        #expect(exempt == ["k3s/platform/observability/node-exporter"])
        let sonarr = try #require(network.coverage["k3s/apps/media/acquisition/sonarr"])
        #expect(sonarr.selecting.map(\.ref.name) == ["sonarr"])
        #expect(sonarr.allowedFrom.first == "namespace kubernetes.io/metadata.name=traefik · pods app.kubernetes.io/name=traefik on 8989/TCP")
    }

    @Test func portRegistryComparison() throws {
        let ports = Self.analysis.1.ports
        #expect(ports.documents == ["docs/reference/port-registry.md"])
        #expect(ports.demandsEveryPort)
        let statuses = Dictionary(grouping: ports.entries, by: \.status).mapValues(\.count)
        #expect(statuses == [.registered: 156, .mismatch: 1, .unregistered: 1])
        let mismatch = try #require(ports.entries.first { $0.status == .mismatch })
        #expect(mismatch.row?.location == SourceLocation(path: "docs/reference/port-registry.md", line: 134))
        #expect(mismatch.ports.map(\.portProtocol) == ["22/TCP"])
        let missing = try #require(ports.entries.first { $0.status == .unregistered })
        #expect(missing.ports.map { "\($0.name) \($0.portProtocol)" } == ["unifi-controller-devices 3478/UDP"])
    }

    /// The topology has no Graphviz clusters, so in-process layouts are stable: render it repeatedly.
    @Test func topologySVGIsTheSameEveryTime() throws {
        let (repository, analysis) = Self.analysis
        let services = Dictionary(repository.services.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let diagram = NetworkDiagram(topology: analysis.network) { id in
            services[id].map { SiteURLs.relative(from: "network/index.html", to: SiteURLs.service($0)) }
        }
        #expect(!diagram.dot.contains("subgraph"))
        let first = try diagram.svg()
        for _ in 0..<3 { #expect(try diagram.svg() == first) }
        #expect(first.hasPrefix("<svg role=\"img\""))
        #expect(first.contains("xlink:href=\"../services/gitea/index.html\""))
        #expect(first.contains("10.10.0.53"))
    }

    /// The network page (with its SVG) is the same from two separate `almanac` processes and from
    /// a build in this process, which has rendered other graphs before.
    @Test func networkPageIsIdenticalAcrossProcesses() throws {
        let directory = Bundle.main.executableURL?.deletingLastPathComponent() ?? Bundle.main.bundleURL
        let binary = directory.appendingPathComponent("almanac")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no almanac binary beside the tests at \(binary.path)")
        var pages: [Data] = []
        for run in 0..<2 {
            let out = SampleSiteTests.temporary("network-process-\(run)")
            defer { try? FileManager.default.removeItem(at: out) }
            let process = Process()
            process.executableURL = binary
            process.arguments = ["build", SampleSiteTests.content.path, "--out", out.path, "--quiet"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            pages.append(try Data(contentsOf: out.appendingPathComponent("network/index.html")))
        }
        let out = SampleSiteTests.temporary("network-in-process")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", SampleSiteTests.content.path, "--out", out.path, "--quiet"])
        pages.append(try Data(contentsOf: out.appendingPathComponent("network/index.html")))
        #expect(pages[0].count > 10_000)
        #expect(pages[0] == pages[1])
        #expect(pages[0] == pages[2])
    }

    @Test func pagesShowPoolsPortsAndEachServicesDrift() throws {
        let out = SampleSiteTests.temporary("network-pages")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", SampleSiteTests.content.path, "--out", out.path, "--quiet"])
        let built = files(under: out)
        let network = String(decoding: try #require(built["network/index.html"]), as: UTF8.self)
        #expect(network.contains("<strong>9 of 11</strong> used (82 %)"))
        #expect(network.contains("<li class=\"conflict\" title=\"10.10.0.205 communication/gotify, communication/mailpit-smtp\">"))
        #expect(network.contains("href=\"../reference/network-topology/vlans-and-subnets/index.html\""))
        let ports = String(decoding: try #require(built["ports/index.html"]), as: UTF8.self)
        #expect(ports.contains("<table class=\"sortable port-table\" data-sortable>"))
        #expect(ports.contains("<script src=\"../assets/table-sort.js\" defer></script>"))
        #expect(built["assets/table-sort.js"] != nil)
        let gitea = String(decoding: try #require(built["services/gitea/index.html"]), as: UTF8.self)
        #expect(gitea.contains("<span class=\"drift\">Service &#39;gitea-ssh&#39; exposes 22/TCP, not 2222/TCP (k3s/apps/dev-tools/gitea/service.yaml:42)</span>"))
        let cyberchef = String(decoding: try #require(built["services/cyberchef/index.html"]), as: UTF8.self)
        #expect(cyberchef.contains("<li>nobody: every ingress is denied</li>"))
    }
}

@Suite struct NetworkDiagramTests {
    @Test func graphvizLinkIdsAreNumberedInDocumentOrder() {
        let svg = "<g id=\"a_node2_92\"><a/></g><g id=\"node3\"><g id=\"a_node3_93\"></g><g id=\"a_node3_94\"></g></g>"
        #expect(NetworkDiagram.renumberAnchors(svg)
                == "<g id=\"a_node2_0\"><a/></g><g id=\"node3\"><g id=\"a_node3_1\"></g><g id=\"a_node3_2\"></g></g>")
    }

    @Test func policyPeersNameWellKnownLabelsShortly() {
        #expect(SiteBuilder.networkPeer("namespace kubernetes.io/metadata.name=traefik · pods app.kubernetes.io/name=traefik on 80/TCP")
                == "namespace traefik · pods traefik on 80/TCP")
        #expect(SiteBuilder.networkPeer("pods app.kubernetes.io/component=cron,app.kubernetes.io/name=x on 1/TCP")
                == "pods app.kubernetes.io/component=cron,app.kubernetes.io/name=x on 1/TCP")
    }
}
