@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// Gateway API: listeners, attachment rules and effective hostnames in the hosts view.
@Suite struct GatewayAPITests {
    static let gateway = """
    -- k3s/core/gateway/gateway.yaml --
    apiVersion: gateway.networking.k8s.io/v1
    kind: Gateway
    metadata:
      name: main
      namespace: web
    spec:
      gatewayClassName: cilium
      addresses:
        - type: IPAddress
          value: 10.0.0.20
      listeners:
        - name: http
          protocol: HTTP
          port: 80
        - name: https
          protocol: HTTPS
          port: 443
          hostname: "*.example.com"
          tls:
            certificateRefs:
              - name: wildcard-tls
        - name: git
          protocol: HTTPS
          port: 443
          hostname: git.example.com
          allowedRoutes:
            namespaces:
              from: All
    """

    static func route(_ name: String, namespace: String, hostnames: [String], section: String? = nil,
                      gatewayNamespace: String? = "web", service: String = "app") -> String {
        let hosts = hostnames.isEmpty ? "" : "\n  hostnames: [\(hostnames.map { "\"\($0)\"" }.joined(separator: ", "))]"
        return """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: \(name)
          namespace: \(namespace)
        spec:
          parentRefs:
            - name: main\(gatewayNamespace.map { "\n      namespace: \($0)" } ?? "")\(section.map { "\n      sectionName: \($0)" } ?? "")\(hosts)
          rules:
            - backendRefs:
                - name: \(service)
                  port: 80
        """
    }

    static let repo = gateway + "\n" + serviceFolder("k3s/apps/app", namespace: "web", name: "app", extra: [
        HostRoutingTests.services,
        route("plain", namespace: "web", hostnames: [], section: "https", gatewayNamespace: nil),
        route("exact", namespace: "web", hostnames: ["app.example.com", "app.other.org"], section: "https"),
        route("wide", namespace: "web", hostnames: ["*.example.com"], section: "git"),
        route("anywhere", namespace: "web", hostnames: [], section: "http"),
    ].joined(separator: "\n---\n")) + "\n" + serviceFolder("k3s/apps/other", namespace: "elsewhere", name: "other", extra: [
        route("foreign", namespace: "elsewhere", hostnames: ["other.example.com"], service: "other"),
    ].joined(separator: "\n---\n"))

    static func hosts() throws -> [String: [String]] {
        let (_, result) = try analyzeFixture(repo)
        return Dictionary(grouping: result.network.hosts, by: \.route.ref.name).mapValues { $0.map(\.host) }
    }

    @Test func gatewayIsDecodedWithListenersAndAddresses() throws {
        let fixture = try FixtureRepo(Self.gateway)
        defer { fixture.remove() }
        let repository = try RepositoryScanner(root: fixture.root).scan().repository
        let gateway = try #require(repository.gateways.first)
        #expect(gateway.gatewayClassName == "cilium")
        #expect(gateway.loadBalancerIPs.map(\.address) == ["10.0.0.20"])
        #expect(gateway.listeners.map(\.name) == ["http", "https", "git"])
        #expect(gateway.listeners[1] == GatewayListener(name: "https", hostname: "*.example.com", port: 443, protocol: "HTTPS",
                                                        tlsMode: "Terminate", certificateRefs: ["wildcard-tls"]))
        #expect(gateway.listeners[2].allowedNamespaces == .all)
    }

    @Test func effectiveHostnamesFollowTheListeners() throws {
        let hosts = try Self.hosts()
        // No hostnames: the listener's wildcard.
        #expect(hosts["plain"] == ["*.example.com"])
        // Both set: only the intersection; app.other.org is not under *.example.com.
        #expect(hosts["exact"] == ["app.example.com"])
        // A route wildcard against an exact listener name yields the listener's name.
        #expect(hosts["wide"] == ["git.example.com"])
        // Neither set: any host.
        #expect(hosts["anywhere"] == ["*"])
        // Another namespace, and the listeners it could match allow only their own (Same).
        #expect(hosts["foreign"] == nil)
    }

    @Test func aRouteNoListenerAcceptsIsReportedWithEachListenersReason() throws {
        let (_, result) = try analyzeFixture(Self.repo)
        #expect(result.findings.filter { $0.id == "network.route-not-accepted" } == [Diagnostic(
            id: "network.route-not-accepted", severity: .warning,
            location: SourceLocation(path: "k3s/apps/other/extra.yaml", line: 1, column: 1),
            message: "HTTPRoute/foreign attaches to no listener: web/main › http: only routes from namespace web (allowedRoutes Same); web/main › https: only routes from namespace web (allowedRoutes Same); web/main › git: its hostname git.example.com matches none of the route's",
            note: "point its parentRefs at a listener that takes this kind, namespace and hostname, or widen the listener's allowedRoutes")])
    }

    @Test func theEntryPointIsTheGatewayListenerWithItsCertificate() throws {
        let (_, result) = try analyzeFixture(Self.repo)
        let entry = try #require(result.network.hosts.first { $0.route.ref.name == "exact" })
        #expect(entry.entryPoints == ["gateway web/main › https (443/HTTPS)"])
        #expect(entry.backends.map(\.serviceID) == ["k3s/apps/app"])
        #expect(entry.tls?.secretName == "wildcard-tls")
    }

    @Test func allowedRoutesAllAdmitsOtherNamespaces() throws {
        let repo = Self.gateway + "\n" + serviceFolder("k3s/apps/other", namespace: "elsewhere", name: "other", extra:
            Self.route("foreign", namespace: "elsewhere", hostnames: ["git.example.com", "x.example.com"], service: "other"))
        let (_, result) = try analyzeFixture(repo)
        #expect(result.network.hosts.map(\.host) == ["git.example.com"])
        #expect(result.network.hosts.first?.entryPoints == ["gateway web/main › git (443/HTTPS)"])
    }

    @Test func hostnameIntersection() {
        #expect(NetworkTopology.effectiveHostnames(route: [], listener: nil) == ["*"])
        #expect(NetworkTopology.effectiveHostnames(route: ["a.example.com"], listener: nil) == ["a.example.com"])
        #expect(NetworkTopology.effectiveHostnames(route: [], listener: "*.example.com") == ["*.example.com"])
        #expect(NetworkTopology.effectiveHostnames(route: ["a.b.example.com"], listener: "*.example.com") == ["a.b.example.com"])
        #expect(NetworkTopology.effectiveHostnames(route: ["example.com"], listener: "*.example.com") == nil)
        #expect(NetworkTopology.effectiveHostnames(route: ["*.example.com"], listener: "a.example.com") == ["a.example.com"])
        #expect(NetworkTopology.effectiveHostnames(route: ["*.example.com"], listener: "*.a.example.com") == ["*.a.example.com"])
        #expect(NetworkTopology.effectiveHostnames(route: ["*.a.example.com"], listener: "*.example.com") == ["*.a.example.com"])
    }

    @Test func gatewayAddressIsALoadBalancerAllocation() throws {
        let (_, result) = try analyzeFixture(Self.gateway)
        #expect(result.network.allocations.map { "\($0.serviceName) \($0.address ?? "-") \($0.source)" } == ["web/main 10.0.0.20 spec.addresses"])
        #expect(result.network.allocations.first?.kubeService.ports.map { "\($0.port)/\($0.protocol)" } == ["80/TCP", "443/TCP"])
    }
}
