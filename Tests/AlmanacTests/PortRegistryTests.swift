@testable import AlmanacAnalysis
@testable import AlmanacModel
import Foundation
import Testing

@Suite struct PortRegistryParsingTests {
    func document(_ body: String, bodyLine: Int = 1) -> Document {
        Document(path: "docs/reference/port-registry.md", kind: .reference, title: "Port registry", body: body, bodyLine: bodyLine)
    }

    @Test func readsRowsByHeaderNamesWithFileLines() throws {
        let body = """
        # Port registry

        ## Core

        | Service | Namespace | Port | Protocol | Exposure | Notes |
        |---|---|---|---|---|---|
        | traefik | traefik | 443 | TCP | LoadBalancer 10.10.0.200 | HTTPS |
        | `grafana` | observability | 3000 | tcp | Ingress grafana.lab.example.com |  |
        """
        let (rows, problems) = PortRegistry.rows(of: document(body, bodyLine: 5))
        #expect(problems.isEmpty)
        #expect(rows == [
            RegistryRow(service: "traefik", namespace: "traefik", port: 443, protocols: ["TCP"],
                        exposure: .loadBalancer(ip: "10.10.0.200"), exposureText: "LoadBalancer 10.10.0.200", notes: "HTTPS",
                        section: "Core", location: SourceLocation(path: "docs/reference/port-registry.md", line: 11)),
            RegistryRow(service: "grafana", namespace: "observability", port: 3000, protocols: ["TCP"],
                        exposure: .ingress(host: "grafana.lab.example.com"), exposureText: "Ingress grafana.lab.example.com",
                        section: "Core", location: SourceLocation(path: "docs/reference/port-registry.md", line: 12)),
        ])
    }

    @Test func forgivesOtherWordingsColumnOrdersAndSeparateIPColumns() throws {
        let body = """
        | Port/Proto | Name | NS | Exposed via | LB IP | Description |
        |---:|---|---|---|---|---|
        | 53/udp | dns | net | LoadBalancer | 10.0.0.53 | DNS |
        | 8080 | web | net | internal | | web UI |
        | 51820 | vpn | net | 10.0.30.10 | | bare address |
        """
        let rows = PortRegistry.rows(of: document(body)).rows
        #expect(rows.map(\.service) == ["dns", "web", "vpn"])
        #expect(rows.map(\.port) == [53, 8080, 51820])
        #expect(rows.map(\.protocols) == [["UDP"], ["TCP"], ["TCP"]])
        #expect(rows.map(\.exposure) == [.loadBalancer(ip: "10.0.0.53"), .clusterIP, .loadBalancer(ip: "10.0.30.10")])
        #expect(rows.map(\.notes) == ["DNS", "web UI", "bare address"])
    }

    @Test func bothProtocolsAndUnreadablePorts() throws {
        let body = "| Service | Port | Protocol |\n|---|---|---|\n| dns | 53 | TCP/UDP |\n| odd | many | TCP |\n"
        let (rows, problems) = PortRegistry.rows(of: document(body))
        #expect(rows.map(\.protocols) == [["TCP", "UDP"], ["TCP"]])
        #expect(problems == [PortRegistry.Problem(message: "port registry row 'odd' has port 'many', which is not a port number",
                                                  location: SourceLocation(path: "docs/reference/port-registry.md", line: 4))])
    }

    @Test func tablesWithoutServiceAndPortColumnsAreIgnored() {
        let body = "| VLAN | subnet |\n|---|---|\n| 10 | 10.10.0.0/24 |\n"
        #expect(PortRegistry.rows(of: document(body)).rows.isEmpty)
    }

    @Test func exposureCells() {
        #expect(RegistryRow.exposure("ClusterIP") == .clusterIP)
        #expect(RegistryRow.exposure("`Ingress` git.lab.example.com") == .ingress(host: "git.lab.example.com"))
        #expect(RegistryRow.exposure("LoadBalancer 10.10.0.204") == .loadBalancer(ip: "10.10.0.204"))
        #expect(RegistryRow.exposure("LoadBalancer", ip: "10.10.0.204") == .loadBalancer(ip: "10.10.0.204"))
        #expect(RegistryRow.exposure("NodePort 30080") == .nodePort(30080))
        #expect(RegistryRow.exposure("hostPort") == .host)
        #expect(RegistryRow.exposure("git.lab.example.com") == .ingress(host: "git.lab.example.com"))
        #expect(RegistryRow.exposure("") == .unspecified)
        #expect(RegistryRow.exposure("ask Bob") == .unspecified)
    }

    @Test func registryDocumentsAreFoundByName() {
        #expect(PortRegistry.isRegistry(document("")))
        #expect(PortRegistry.isRegistry(Document(path: "docs/port_registry.md", kind: .doc, title: "", body: "")))
        #expect(!PortRegistry.isRegistry(Document(path: "docs/ports.md", kind: .guide, title: "", body: "")))
        #expect(!PortRegistry.isRegistry(Document(path: "docs/reference/network-topology/vlans.md", kind: .reference, title: "", body: "")))
    }
}

@Suite struct PortRegistryComparisonTests {
    static let manifests = """
    -- k3s/apps/gitea/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: gitea
      namespace: dev
    spec:
      template:
        metadata:
          labels:
            app.kubernetes.io/name: gitea
        spec:
          containers:
            - name: gitea
              image: gitea/gitea:1.22
    -- k3s/apps/gitea/service.yaml --
    apiVersion: v1
    kind: Service
    metadata:
      name: gitea
      namespace: dev
    spec:
      selector:
        app.kubernetes.io/name: gitea
      ports:
        - name: http
          port: 3000
        - name: metrics
          port: 9100
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: gitea-ssh
      namespace: dev
      annotations:
        metallb.universe.tf/loadBalancerIPs: 10.0.0.204
    spec:
      type: LoadBalancer
      selector:
        app.kubernetes.io/name: gitea
      ports:
        - name: ssh
          port: 22
        - name: stun
          port: 3478
          protocol: UDP
    -- k3s/apps/gitea/ingressroute.yaml --
    apiVersion: traefik.io/v1alpha1
    kind: IngressRoute
    metadata:
      name: gitea
      namespace: dev
    spec:
      entryPoints: [websecure]
      routes:
        - match: Host(`git.lab.example.com`)
          kind: Rule
          services:
            - name: gitea
              port: 3000
    """

    func report(_ registry: String) throws -> PortRegistryReport {
        let (_, result) = try analyzeFixture(Self.manifests + "\n-- docs/reference/port-registry.md --\n# Port registry\n\n" + registry)
        return result.ports
    }

    static let header = "| Service | Namespace | Port | Protocol | Exposure |\n|---|---|---|---|---|\n"

    @Test func wrongPortIsOneMismatchAtTheRowNotAlsoAnUnregisteredPort() throws {
        let report = try report(Self.header + """
        | gitea | dev | 3000 | TCP | Ingress git.lab.example.com |
        | gitea | dev | 9100 | TCP | ClusterIP |
        | gitea-ssh | dev | 2222 | TCP | LoadBalancer 10.0.0.204 |
        | gitea-ssh | dev | 3478 | UDP | LoadBalancer 10.0.0.204 |
        """)
        #expect(report.demandsEveryPort)
        #expect(report.findings == [Diagnostic(
            id: "ports.registry-mismatch", severity: .warning, location: SourceLocation(path: "docs/reference/port-registry.md", line: 7),
            message: "port registry row gitea-ssh (dev) 2222/TCP disagrees with the manifests: Service 'gitea-ssh' exposes 22/TCP, not 2222/TCP (k3s/apps/gitea/service.yaml:27)",
            note: "correct the row, or the manifest if the row is right")])
        #expect(report.entries.map(\.status) == [.registered, .registered, .mismatch, .registered])
    }

    @Test func exposureDisagreementsAreMismatches() throws {
        let report = try report(Self.header + """
        | gitea | dev | 3000 | TCP | Ingress code.lab.example.com |
        | gitea | dev | 9100 | TCP | LoadBalancer 10.0.0.9 |
        | gitea-ssh | dev | 22 | TCP | LoadBalancer 10.0.0.205 |
        | gitea-ssh | dev | 3478 | UDP | ClusterIP |
        """)
        #expect(report.findings.map(\.id) == Array(repeating: "ports.registry-mismatch", count: 4))
        #expect(report.entries.flatMap(\.problems) == [
            "the routes to it answer git.lab.example.com, not Ingress code.lab.example.com (k3s/apps/gitea/service.yaml:10)",
            "Service 'gitea' is ClusterIP, not LoadBalancer 10.0.0.9 (k3s/apps/gitea/service.yaml:12)",
            "Service 'gitea-ssh' is on 10.0.0.204, not LoadBalancer 10.0.0.205 (k3s/apps/gitea/service.yaml:27)",
            "Service 'gitea-ssh' is LoadBalancer 10.0.0.204, not ClusterIP (k3s/apps/gitea/service.yaml:29)",
        ])
    }

    @Test func rowsMatchingNothingAreRegisteredButNotExposed() throws {
        let report = try report(Self.header + """
        | gitea | dev | 3000 | TCP | Ingress git.lab.example.com |
        | gitea | dev | 9100 | TCP | ClusterIP |
        | gitea-ssh | dev | 22 | TCP | LoadBalancer 10.0.0.204 |
        | gitea-ssh | dev | 3478 | UDP | LoadBalancer 10.0.0.204 |
        | drone | dev | 80 | TCP | ClusterIP |
        | gitea | dev | 6060 | UDP | ClusterIP |
        """)
        #expect(report.findings.map(\.id) == ["ports.registered-not-exposed", "ports.registered-not-exposed"])
        #expect(report.findings.map(\.message) == [
            "port registry row drone (dev) 80/TCP matches no port in the manifests: no Service 'drone' in namespace dev exists",
            "port registry row gitea (dev) 6060/UDP matches no port in the manifests: Service 'gitea' has no port 6060/UDP (it has 3000/TCP, 9100/TCP)",
        ])
    }

    @Test func unregisteredPortsAreExternalOnesOrAllWhenTheRegistryListsClusterIP() throws {
        // Only exposed ports listed: the in-cluster metrics port may be missing, the STUN port may not.
        let external = try report(Self.header + """
        | gitea | dev | 3000 | TCP | Ingress git.lab.example.com |
        | gitea-ssh | dev | 22 | TCP | LoadBalancer 10.0.0.204 |
        """)
        #expect(!external.demandsEveryPort)
        #expect(external.findings == [Diagnostic(
            id: "ports.unregistered", severity: .warning, location: SourceLocation(path: "k3s/apps/gitea/service.yaml", line: 29, column: 7),
            message: "Service 'gitea-ssh' port 3478/UDP (stun), exposed as LoadBalancer 10.0.0.204, is not in the port registry (docs/reference/port-registry.md)",
            note: "add the row | gitea-ssh | dev | 3478 | UDP | LoadBalancer 10.0.0.204 | … |")])
        // A ClusterIP row makes the registry complete: now 9100 must be there too.
        let complete = try report(Self.header + """
        | gitea | dev | 3000 | TCP | Ingress git.lab.example.com |
        | gitea-ssh | dev | 22 | TCP | LoadBalancer 10.0.0.204 |
        | gitea-ssh | dev | 3478 | UDP | LoadBalancer 10.0.0.204 |
        | gitea | dev | 3000 | TCP | ClusterIP |
        """)
        #expect(complete.findings.map(\.id).sorted() == ["ports.registry-mismatch", "ports.unregistered"])
        #expect(complete.findings.first { $0.id == "ports.unregistered" }?.message.hasPrefix("Service 'gitea' port 9100/TCP (metrics), exposed as ClusterIP") == true)
    }

    @Test func sameAddressPortAndProtocolTwiceInTheRegistry() throws {
        let report = try report(Self.header + """
        | gitea | dev | 3000 | TCP | Ingress git.lab.example.com |
        | gitea | dev | 9100 | TCP | ClusterIP |
        | gitea-ssh | dev | 22 | TCP | LoadBalancer 10.0.0.204 |
        | gitea-ssh | dev | 3478 | UDP | LoadBalancer 10.0.0.204 |
        | backup-ssh | dev | 22 | TCP | LoadBalancer 10.0.0.204 |
        """)
        let duplicates = report.findings.filter { $0.id == "ports.duplicate-claim" }
        #expect(duplicates.map(\.message) == ["port registry gives 10.0.0.204:22/TCP to 'gitea-ssh' and also to 'backup-ssh' (line 9)"])
        #expect(duplicates.first?.location?.line == 7)
    }

    @Test func hostPortsCountAsExposedAndMatchRowsOfTheirService() throws {
        let daemonSet = """
        -- k3s/platform/node-exporter/daemonset.yaml --
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: node-exporter
          namespace: obs
        spec:
          template:
            spec:
              hostNetwork: true
              containers:
                - name: node-exporter
                  image: prom/node-exporter:v1.8.2
                  ports:
                    - containerPort: 9100
                      hostPort: 9100
        """
        let (_, unregistered) = try analyzeFixture(daemonSet + "\n-- docs/reference/port-registry.md --\n" + Self.header)
        #expect(unregistered.ports.findings.map(\.message) == [
            "hostPort 9100/TCP of container 'node-exporter' in DaemonSet/node-exporter, exposed as hostPort, is not in the port registry (docs/reference/port-registry.md)",
        ])
        let (_, registered) = try analyzeFixture(daemonSet + "\n-- docs/reference/port-registry.md --\n" + Self.header
                                                 + "| node-exporter | obs | 9100 | TCP | hostPort |\n")
        #expect(registered.ports.findings.isEmpty)
        #expect(registered.ports.entries.map(\.status) == [.registered])
    }
}
