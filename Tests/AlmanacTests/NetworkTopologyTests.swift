@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// Scans an inline fixture repo and analyses it.
func analyzeFixture(_ text: String) throws -> (Repository, Analyzer.Result) {
    let fixture = try FixtureRepo(text)
    defer { fixture.remove() }
    let repository = try RepositoryScanner(root: fixture.root).scan().repository
    return (repository, Analyzer.analyze(repository))
}

/// A service folder with one Deployment (labels app=<name>) and the extra YAML given.
func serviceFolder(_ path: String, namespace: String, name: String, hostNetwork: Bool = false,
                   annotations: String = "", extra: String = "") -> String {
    """
    -- \(path)/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: \(name)
      namespace: \(namespace)
      annotations:
        note: fixture\(annotations)
    spec:
      template:
        metadata:
          labels:
            app.kubernetes.io/name: \(name)
        spec:
          hostNetwork: \(hostNetwork)
          containers:
            - name: \(name)
              image: example/\(name):1.0
    \(extra.isEmpty ? "" : "-- \(path)/extra.yaml --\n\(extra)")
    """
}

/// A LoadBalancer Service manifest.
func loadBalancer(_ name: String, namespace: String, address: String? = nil, pool: String? = nil, key: String? = nil,
                  ports: [(Int, String)] = [(80, "TCP")], policy: String = "Cluster", selector: String? = nil) -> String {
    var annotations = ""
    if let address { annotations += "\n    metallb.universe.tf/loadBalancerIPs: \(address)" }
    if let pool { annotations += "\n    metallb.universe.tf/address-pool: \(pool)" }
    if let key { annotations += "\n    metallb.universe.tf/allow-shared-ip: \(key)" }
    return """
    apiVersion: v1
    kind: Service
    metadata:
      name: \(name)
      namespace: \(namespace)
      annotations:
        fixture: "yes"\(annotations)
    spec:
      type: LoadBalancer
      externalTrafficPolicy: \(policy)
      selector:
        app.kubernetes.io/name: \(selector ?? name)
      ports:
    \(ports.map { "    - port: \($0.0)\n      protocol: \($0.1)" }.joined(separator: "\n"))
    """
}

let twoPools = """
-- k3s/core/metallb/pools.yaml --
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: default
  namespace: metallb-system
spec:
  addresses:
    - 10.0.0.10-10.0.0.19
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: iot
  namespace: metallb-system
spec:
  addresses:
    - 10.0.20.0/29
  autoAssign: false
"""

@Suite struct LoadBalancerPoolTests {
    func findings(_ result: Analyzer.Result, _ id: String) -> [Diagnostic] { result.findings.filter { $0.id == id } }

    @Test func addressOutsideEveryPoolAndOutsideItsRequestedPool() throws {
        let (_, result) = try analyzeFixture(twoPools + "\n" + serviceFolder(
            "k3s/apps/dns", namespace: "net", name: "dns",
            extra: loadBalancer("dns", namespace: "net", address: "10.0.0.53") + "\n---\n"
                + loadBalancer("dns-iot", namespace: "net", address: "10.0.0.12", pool: "iot")))
        #expect(findings(result, "network.lb-ip-outside-pool").map(\.message) == [
            "LoadBalancer address 10.0.0.53 of Service 'dns' is outside every address pool",
            "LoadBalancer address 10.0.0.12 of Service 'dns-iot' is not in its requested pool 'iot' (it is in 'default')",
        ])
        let outside = try #require(findings(result, "network.lb-ip-outside-pool").first)
        #expect(outside.severity == .error)
        #expect(outside.location == SourceLocation(path: "k3s/apps/dns/extra.yaml", line: 8, column: 42))
    }

    @Test func noPoolsInTheRepoMeansNoPoolChecks() throws {
        let (_, result) = try analyzeFixture(serviceFolder("k3s/apps/dns", namespace: "net", name: "dns",
                                                            extra: loadBalancer("dns", namespace: "net", address: "10.0.0.53")))
        #expect(result.findings.filter { $0.id.hasPrefix("network.") && $0.id != "network.missing-policy" }.isEmpty)
        #expect(result.network.allocations.map(\.address) == ["10.0.0.53"])
    }

    @Test func sameAddressTwiceIsReportedOnceAtTheFirstClaim() throws {
        let (_, result) = try analyzeFixture(twoPools + "\n"
            + serviceFolder("k3s/apps/a-gotify", namespace: "comm", name: "gotify",
                            extra: loadBalancer("gotify", namespace: "comm", address: "10.0.0.15"))
            + "\n" + serviceFolder("k3s/apps/b-mailpit", namespace: "comm", name: "mailpit",
                                   extra: loadBalancer("mailpit-smtp", namespace: "comm", address: "10.0.0.15", ports: [(1025, "TCP")])))
        let duplicates = findings(result, "network.lb-ip-duplicate")
        #expect(duplicates.count == 1)
        #expect(duplicates.first?.location?.path == "k3s/apps/a-gotify/extra.yaml")
        #expect(duplicates.first?.message == "LoadBalancer address 10.0.0.15 of Service 'comm/gotify' is also claimed by 'comm/mailpit-smtp' (k3s/apps/b-mailpit/extra.yaml:8), and they do not share an allow-shared-ip key")
        #expect(result.network.allocations.map(\.problems) == [["also claimed by comm/mailpit-smtp"], ["also claimed by comm/gotify"]])
        // One address, used once.
        #expect(result.network.pool(named: "default")?.used == 1)
    }

    @Test func sharedKeyOnDifferentPortsIsTheUsualTCPAndUDPPattern() throws {
        let (_, result) = try analyzeFixture(twoPools + "\n" + serviceFolder(
            "k3s/apps/adguard", namespace: "net", name: "adguard",
            extra: loadBalancer("dns-tcp", namespace: "net", address: "10.0.0.11", key: "dns", ports: [(53, "TCP")], policy: "Local", selector: "adguard")
                + "\n---\n"
                + loadBalancer("dns-udp", namespace: "net", address: "10.0.0.11", key: "dns", ports: [(53, "UDP")], policy: "Local", selector: "adguard")))
        #expect(findings(result, "network.lb-ip-duplicate").isEmpty)
        #expect(findings(result, "ports.duplicate-claim").isEmpty)
        #expect(result.network.allocations.map(\.problems) == [["shared (key dns)"], ["shared (key dns)"]])
    }

    @Test func sharingNeedsTheSameKeySamePodsUnderLocalAndDifferentPorts() throws {
        func run(_ a: String, _ b: String) throws -> Analyzer.Result {
            try analyzeFixture(twoPools + "\n" + serviceFolder("k3s/apps/x", namespace: "x", name: "x", extra: a + "\n---\n" + b)).1
        }
        let keys = try run(loadBalancer("a", namespace: "x", address: "10.0.0.11", key: "one"),
                           loadBalancer("b", namespace: "x", address: "10.0.0.11", key: "two", ports: [(81, "TCP")]))
        #expect(findings(keys, "network.lb-ip-duplicate").first?.message.hasSuffix("and their sharing keys differ (one, two)") == true)
        let local = try run(loadBalancer("a", namespace: "x", address: "10.0.0.11", key: "k", policy: "Local"),
                            loadBalancer("b", namespace: "x", address: "10.0.0.11", key: "k", ports: [(81, "TCP")], policy: "Local"))
        #expect(findings(local, "network.lb-ip-duplicate").count == 1)
        let ports = try run(loadBalancer("a", namespace: "x", address: "10.0.0.11", key: "k"),
                            loadBalancer("b", namespace: "x", address: "10.0.0.11", key: "k"))
        #expect(findings(ports, "network.lb-ip-duplicate").isEmpty)
        #expect(findings(ports, "ports.duplicate-claim").map(\.message) == [
            "10.0.0.11:80/TCP is claimed by 'a' and also by 'b' (k3s/apps/x/extra.yaml:34)",
        ])
    }

    @Test func overlappingPoolsAreReportedAtTheLaterPool() throws {
        let (_, result) = try analyzeFixture("""
        -- pools.yaml --
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata:
          name: a
        spec:
          addresses: [10.0.0.0/28]
        ---
        apiVersion: cilium.io/v2alpha1
        kind: CiliumLoadBalancerIPPool
        metadata:
          name: b
        spec:
          blocks:
            - start: 10.0.0.12
              stop: 10.0.0.40
        """)
        #expect(findings(result, "network.pool-overlap") == [Diagnostic(
            id: "network.pool-overlap", severity: .error, location: SourceLocation(path: "pools.yaml", line: 8),
            message: "address pool 'b' overlaps pool 'a' (pools.yaml:1) on 10.0.0.12–10.0.0.15 (4 addresses)",
            note: "give every pool its own addresses, or the two will hand out the same address")])
        #expect(result.network.pools.map(\.size) == [16, 29])
    }

    @Test func nearlyFullCountsFixedAndDynamicAddresses() throws {
        // default holds 10: nine fixed addresses and one dynamic Service fill it; one more over-subscribes.
        let fixed = (10...18).map { loadBalancer("fixed\($0)", namespace: "x", address: "10.0.0.\($0)", selector: "x") }
        let base = twoPools + "\n" + serviceFolder("k3s/apps/x", namespace: "x", name: "x", extra: fixed.joined(separator: "\n---\n"))
        let (repository, nine) = try analyzeFixture(base)
        #expect(nine.network.pool(named: "default").map { ($0.used, $0.percentUsed, $0.available) } ?? (0, 0, 0) == (9, 90, 1))
        #expect(findings(nine, "network.pool-nearly-full").map(\.message) == ["address pool 'default' is 90 % used: 9 of 10 addresses, 1 free"])
        #expect(findings(nine, "network.pool-nearly-full").first?.severity == .warning)
        // A higher threshold keeps quiet.
        let relaxed = NetworkTopology.build(repository, index: RepositoryIndex(repository), nearlyFullPercent: 95)
        #expect(relaxed.findings.filter { $0.id == "network.pool-nearly-full" }.isEmpty)
        let dynamic = [loadBalancer("dyn1", namespace: "x", pool: "default", selector: "x"), loadBalancer("dyn2", namespace: "x", selector: "x")]
        let (_, over) = try analyzeFixture(base + "\n---\n" + dynamic.joined(separator: "\n---\n"))
        let pool = try #require(over.network.pool(named: "default"))
        #expect((pool.usedAddresses.count, pool.dynamicCount, pool.used, pool.available) == (9, 2, 11, 0))
        #expect(findings(over, "network.pool-nearly-full").map(\.severity) == [.error])
        #expect(findings(over, "network.pool-nearly-full").first?.message == "address pool 'default' is over-subscribed: 11 Services need an address (9 fixed, 2 dynamic), it holds 10")
    }

    @Test func eightOfTenIsNotNearlyFull() throws {
        let fixed = (10...17).map { loadBalancer("fixed\($0)", namespace: "x", address: "10.0.0.\($0)", selector: "x") }
        let (_, result) = try analyzeFixture(twoPools + "\n" + serviceFolder("k3s/apps/x", namespace: "x", name: "x", extra: fixed.joined(separator: "\n---\n")))
        #expect(result.network.pool(named: "default")?.percentUsed == 80)
        #expect(findings(result, "network.pool-nearly-full").isEmpty)
    }

    @Test func unknownPoolsAndInvalidAddresses() throws {
        let (_, result) = try analyzeFixture(twoPools + "\n" + serviceFolder(
            "k3s/apps/x", namespace: "x", name: "x",
            extra: loadBalancer("a", namespace: "x", pool: "dmz", selector: "x") + "\n---\n"
                + loadBalancer("b", namespace: "x", address: "10.0.0.300", selector: "x") + "\n---\n"
                + loadBalancer("c", namespace: "x", selector: "x")))
        #expect(findings(result, "network.unknown-pool").map(\.message) == [
            "Service 'a' requests address pool 'dmz', which no pool defines",
        ])
        #expect(findings(result, "network.invalid-address").map(\.message) == [
            "Service 'b' requests '10.0.0.300', which is not an IPv4 address",
        ])
        // 'c' takes a dynamic address from the only auto-assign pool; so does 'a', whose pool does not
        // exist (MetalLB then falls back to the auto-assign pools).
        #expect(result.network.allocations.filter(\.isDynamic).map { "\($0.kubeService.ref.name) \($0.pool ?? "-")" }
                == ["a default", "c default"])
    }
}

@Suite struct HostRoutingTests {
    static func ingressRoute(_ name: String, namespace: String, host: String, service: String, path: String? = nil) -> String {
        let match = "Host(`\(host)`)" + (path.map { " && PathPrefix(`\($0)`)" } ?? "")
        return """
        apiVersion: traefik.io/v1alpha1
        kind: IngressRoute
        metadata:
          name: \(name)
          namespace: \(namespace)
        spec:
          entryPoints: [websecure]
          routes:
            - match: \(match)
              kind: Rule
              services:
                - name: \(service)
                  port: 80
          tls: {}
        """
    }

    static let services = """
    apiVersion: v1
    kind: Service
    metadata:
      name: app
      namespace: web
    spec:
      selector:
        app.kubernetes.io/name: app
      ports:
        - port: 80
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: other
      namespace: web
    spec:
      selector:
        app.kubernetes.io/name: other
      ports:
        - port: 80
    """

    static let wildcard = """
    -- k3s/core/cert-manager/certificate.yaml --
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata:
      name: wildcard
      namespace: traefik
    spec:
      secretName: wildcard-tls
      issuerRef: {kind: ClusterIssuer, name: letsencrypt}
      dnsNames: ["lab.example.com", "*.lab.example.com"]
    """

    @Test func hostLeadsThroughEntryPointAndServiceToTheWorkloadWithItsCertificate() throws {
        let (_, result) = try analyzeFixture(Self.wildcard + "\n" + serviceFolder(
            "k3s/apps/app", namespace: "web", name: "app",
            extra: Self.services + "\n---\n" + Self.ingressRoute("app", namespace: "web", host: "app.lab.example.com", service: "app")))
        let entry = try #require(result.network.hosts.first)
        #expect(entry.host == "app.lab.example.com")
        #expect(entry.entryPoints == ["websecure"])
        #expect(entry.backends.map(\.serviceID) == ["k3s/apps/app"])
        #expect(entry.backends.flatMap(\.workloads).map(\.display) == ["Deployment/app"])
        #expect(entry.tls?.certificate?.ref.name == "wildcard")
        #expect(entry.tls?.summary == "certificate wildcard (letsencrypt)")
    }

    @Test func wildcardNamesCoverExactlyOneLabel() {
        #expect(NetworkTopology.covers("*.lab.example.com", host: "git.lab.example.com"))
        #expect(NetworkTopology.covers("*.lab.example.com", host: "GIT.lab.example.com"))
        #expect(!NetworkTopology.covers("*.lab.example.com", host: "lab.example.com"))
        #expect(!NetworkTopology.covers("*.lab.example.com", host: "a.b.lab.example.com"))
        #expect(!NetworkTopology.covers("*.lab.example.com", host: "blog.example.com"))
        #expect(NetworkTopology.covers("blog.example.com", host: "blog.example.com"))
    }

    @Test func sameHostToTwoServicesIsADuplicateButDifferentPathsAreFine() throws {
        let routes = [
            Self.ingressRoute("app", namespace: "web", host: "app.lab.example.com", service: "app"),
            Self.ingressRoute("stolen", namespace: "web", host: "app.lab.example.com", service: "other"),
            Self.ingressRoute("api", namespace: "web", host: "api.lab.example.com", service: "app", path: "/v1"),
            Self.ingressRoute("api-v2", namespace: "web", host: "api.lab.example.com", service: "other", path: "/v2"),
        ]
        let (_, result) = try analyzeFixture(serviceFolder("k3s/apps/app", namespace: "web", name: "app",
                                                            extra: Self.services + "\n---\n" + routes.joined(separator: "\n---\n")))
        let duplicates = result.findings.filter { $0.id == "network.host-duplicate" }
        #expect(duplicates.map(\.message) == [
            "host 'app.lab.example.com' is routed by IngressRoute/app to Service 'web/app' and also by IngressRoute/stolen (k3s/apps/app/extra.yaml:38) to Service 'web/other'",
        ])
        #expect(duplicates.first?.location == SourceLocation(path: "k3s/apps/app/extra.yaml", line: 23))
    }

    @Test func twoRoutesToTheSameServiceAreNoConflict() throws {
        let routes = [Self.ingressRoute("a", namespace: "web", host: "app.lab.example.com", service: "app"),
                      Self.ingressRoute("b", namespace: "web", host: "app.lab.example.com", service: "app")]
        let (_, result) = try analyzeFixture(serviceFolder("k3s/apps/app", namespace: "web", name: "app",
                                                            extra: Self.services + "\n---\n" + routes.joined(separator: "\n---\n")))
        #expect(result.findings.filter { $0.id == "network.host-duplicate" }.isEmpty)
    }
}

@Suite struct NetworkPolicyCoverageTests {
    static let namespacePolicies = """
    -- k3s/shared-config/network-policies/web.yaml --
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: default-deny
      namespace: web
    spec:
      podSelector: {}
      policyTypes: [Ingress, Egress]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: allow-dns
      namespace: web
    spec:
      podSelector: {}
      policyTypes: [Egress]
      egress:
        - ports: [{port: 53, protocol: UDP}]
    """

    static func ownPolicy(_ name: String) -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: \(name)
          namespace: web
        spec:
          podSelector:
            matchLabels:
              app.kubernetes.io/name: \(name)
          policyTypes: [Ingress]
          ingress:
            - from:
                - namespaceSelector:
                    matchLabels:
                      kubernetes.io/metadata.name: traefik
              ports: [{port: 80, protocol: TCP}]
        """
    }

    @Test func aServiceOnlyTheDefaultDenySelectsIsMissingItsPolicy() throws {
        let (_, result) = try analyzeFixture(Self.namespacePolicies + "\n"
            + serviceFolder("k3s/apps/guarded", namespace: "web", name: "guarded", extra: Self.ownPolicy("guarded"))
            + "\n" + serviceFolder("k3s/apps/cyberchef", namespace: "web", name: "cyberchef"))
        #expect(result.findings.filter { $0.id == "network.missing-policy" } == [Diagnostic(
            id: "network.missing-policy", severity: .warning, location: SourceLocation(path: "k3s/apps/cyberchef/deployment.yaml", line: 1),
            message: "no NetworkPolicy selects the pods of 'cyberchef' in namespace web (only the namespace's default-deny applies)",
            note: "add a networkpolicy.yaml whose podSelector matches app.kubernetes.io/name=cyberchef and allows its clients, or annotate the workload with almanac.dev/exempt-network-policy: \"<reason>\"")])
        let guarded = try #require(result.network.coverage["k3s/apps/guarded"])
        #expect(guarded.selecting.map(\.ref.name) == ["guarded"])
        #expect(guarded.namespaceWide.map(\.ref.name) == ["default-deny", "allow-dns"])
        #expect(guarded.allowedFrom == ["namespace kubernetes.io/metadata.name=traefik on 80/TCP"])
        #expect(result.network.coverage["k3s/apps/cyberchef"]?.allowedFrom == [])
        let namespace = try #require(result.network.namespaces.first { $0.name == "web" })
        #expect(namespace.denyIngress.map(\.ref.name) == ["default-deny"])
        #expect(namespace.denyEgress.map(\.ref.name) == ["default-deny"])
    }

    @Test func withoutAnyPolicyAnyoneMayReachIt() throws {
        let (_, result) = try analyzeFixture(serviceFolder("k3s/apps/open", namespace: "open", name: "open"))
        #expect(result.network.coverage["k3s/apps/open"]?.allowedFrom == ["anyone (no policy restricts ingress)"])
        #expect(result.network.namespaces.map { ($0.name, $0.denyIngress.isEmpty) }.map { "\($0.0) \($0.1)" } == ["open true"])
        #expect(result.findings.filter { $0.id == "network.missing-policy" }.count == 1)
    }

    @Test func hostNetworkAndTheAnnotationExemptWithTheirReason() throws {
        let (_, result) = try analyzeFixture(Self.namespacePolicies + "\n"
            + serviceFolder("k3s/apps/exporter", namespace: "web", name: "exporter", hostNetwork: true)
            + "\n" + serviceFolder("k3s/apps/legacy", namespace: "web", name: "legacy",
                                   annotations: "\n    almanac.dev/exempt-network-policy: \"Talks to the host only\""))
        #expect(result.findings.filter { $0.id == "network.missing-policy" }.isEmpty)
        #expect(result.network.coverage["k3s/apps/exporter"]?.exemption == "runs in the host network, where NetworkPolicies do not apply")
        #expect(result.network.coverage["k3s/apps/legacy"]?.exemption == "Talks to the host only")
    }
}
