@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// Cilium LB-IPAM pools and the LoadBalancer address annotations of Cilium, MetalLB and kube-vip.
@Suite struct LoadBalancerIPAMTests {
    static func service(_ name: String, namespace: String = "apps", annotations: [String: String] = [:],
                        labels: [String: String] = [:], port: Int = 80, spec: String = "") -> String {
        func block(_ pairs: [String: String]) -> String {
            pairs.isEmpty ? " {}" : pairs.sorted { $0.key < $1.key }.map { "\n    \($0.key): \"\($0.value)\"" }.joined()
        }
        return """
        apiVersion: v1
        kind: Service
        metadata:
          name: \(name)
          namespace: \(namespace)
          annotations:\(block(annotations))
          labels:\(block(labels))
        spec:
          type: LoadBalancer\(spec)
          selector:
            app.kubernetes.io/name: \(name)
          ports:
            - port: \(port)
        """
    }

    static let ciliumPools = """
    -- k3s/core/cilium/pools.yaml --
    apiVersion: cilium.io/v2alpha1
    kind: CiliumLoadBalancerIPPool
    metadata:
      name: main
    spec:
      blocks:
        - cidr: 10.1.0.0/29
        - start: 10.1.0.100
          stop: 10.1.0.103
    ---
    apiVersion: cilium.io/v2
    kind: CiliumLoadBalancerIPPool
    metadata:
      name: dmz
    spec:
      serviceSelector:
        matchLabels:
          zone: dmz
      cidrs:
        - cidr: 10.2.0.0/30
    ---
    apiVersion: cilium.io/v2alpha1
    kind: CiliumLoadBalancerIPPool
    metadata:
      name: retired
    spec:
      disabled: true
      blocks:
        - cidr: 10.3.0.0/30
    """

    @Test func ciliumPoolsAreDecodedFromBothVersionsAndBothShapes() throws {
        let fixture = try FixtureRepo(Self.ciliumPools)
        defer { fixture.remove() }
        let pools = try RepositoryScanner(root: fixture.root).scan().repository.addressPools.sorted { $0.ref.name < $1.ref.name }
        #expect(pools.map(\.ref.name) == ["dmz", "main", "retired"])
        #expect(pools.map(\.addresses) == [["10.2.0.0/30"], ["10.1.0.0/29", "10.1.0.100-10.1.0.103"], ["10.3.0.0/30"]])
        #expect(pools.map(\.disabled) == [false, false, true])
        #expect(pools[0].serviceSelector == [KeyValue("zone", "dmz")])
        #expect(pools[0].ref.namespace == nil)
    }

    @Test func ciliumAnnotationsAndSelectorsCountInPoolUsage() throws {
        let services = [
            Self.service("dns", annotations: ["lbipam.cilium.io/ips": "10.1.0.2,10.1.0.101"]),
            Self.service("legacy", annotations: ["io.cilium/lb-ipam-ips": "10.1.0.3"]),
            Self.service("web", labels: ["zone": "dmz"]),
            Self.service("plain"),
        ].joined(separator: "\n---\n")
        let (_, result) = try analyzeFixture(Self.ciliumPools + "\n-- k3s/apps/lb/services.yaml --\n" + services)
        let network = result.network
        let main = try #require(network.pool(named: "main"))
        #expect(main.size == 12)
        #expect(main.usedAddresses.map(\.description) == ["10.1.0.2", "10.1.0.3", "10.1.0.101"])
        // `main` selects every Service and `retired` is disabled, so `plain` takes from `main`; `web`
        // matches both `main` and `dmz`, so which one hands out its address is not written down.
        #expect(main.dynamicCount == 1)
        #expect(network.allocations.filter(\.isDynamic).map { "\($0.kubeService.ref.name) \($0.pool ?? "-")" } == ["plain main", "web -"])
        #expect(network.allocations.compactMap(\.address) == ["10.1.0.2", "10.1.0.3", "10.1.0.101"])
        #expect(network.allocations.first { $0.address == "10.1.0.3" }?.source == "io.cilium/lb-ipam-ips")
        let poolChecks: Set<String> = ["network.unknown-pool", "network.lb-ip-outside-pool", "network.lb-ip-duplicate",
                                       "network.pool-nearly-full", "network.invalid-address", "network.pool-overlap"]
        #expect(result.findings.filter { poolChecks.contains($0.id) } == [])
    }

    @Test func aPoolSelectorThatOnlyOnePoolMatchesPicksIt() throws {
        let pools = """
        -- k3s/core/cilium/pools.yaml --
        apiVersion: cilium.io/v2alpha1
        kind: CiliumLoadBalancerIPPool
        metadata: {name: lan}
        spec:
          serviceSelector: {matchLabels: {zone: lan}}
          blocks: [{cidr: 10.1.0.0/30}]
        ---
        apiVersion: cilium.io/v2alpha1
        kind: CiliumLoadBalancerIPPool
        metadata: {name: dmz}
        spec:
          serviceSelector: {matchLabels: {io.kubernetes.service.namespace: edge}}
          blocks: [{cidr: 10.2.0.0/30}]
        """
        let services = [Self.service("a", labels: ["zone": "lan"]), Self.service("b", namespace: "edge"), Self.service("c")]
            .joined(separator: "\n---\n")
        let (_, result) = try analyzeFixture(pools + "\n-- k3s/apps/lb/services.yaml --\n" + services)
        #expect(result.network.allocations.map { "\($0.kubeService.ref.name) \($0.pool ?? "-")" } == ["a lan", "c -", "b dmz"])
        #expect(result.findings.filter { $0.id == "network.unknown-pool" }.map(\.message) == [
            "Service 'c' asks for a dynamic LoadBalancer address, but the serviceSelector of every pool leaves it out",
        ])
    }

    @Test func everyAddressAnnotationIsRead() throws {
        let services = [
            Self.service("new-metallb", annotations: ["metallb.io/loadBalancerIPs": "10.0.0.11", "metallb.io/address-pool": "default"]),
            Self.service("old-metallb", annotations: ["metallb.universe.tf/loadBalancerIPs": "10.0.0.12"]),
            Self.service("kube-vip", annotations: ["kube-vip.io/loadbalancerIPs": "10.0.0.13"]),
            Self.service("spec", spec: "\n  loadBalancerIP: 10.0.0.14"),
        ].joined(separator: "\n---\n")
        let fixture = try FixtureRepo("-- k3s/apps/lb/services.yaml --\n" + services)
        defer { fixture.remove() }
        let repository = try RepositoryScanner(root: fixture.root).scan().repository
        let claims = repository.kubeServices.flatMap { service in service.loadBalancerIPs.map { "\(service.ref.name) \($0.address) \($0.source)" } }
        #expect(claims == [
            "new-metallb 10.0.0.11 metallb.io/loadBalancerIPs", "old-metallb 10.0.0.12 metallb.universe.tf/loadBalancerIPs",
            "kube-vip 10.0.0.13 kube-vip.io/loadbalancerIPs", "spec 10.0.0.14 spec.loadBalancerIP",
        ])
        #expect(repository.kubeServices.first?.addressPool == "default")
    }

    @Test func aSharedCiliumAddressIsNoDuplicate() throws {
        let shared = ["lbipam.cilium.io/ips": "10.1.0.5", "lbipam.cilium.io/sharing-key": "dns"]
        let services = [Self.service("dns-tcp", annotations: shared, port: 53), Self.service("dns-udp", annotations: shared, port: 54),
                        Self.service("intruder", annotations: ["lbipam.cilium.io/ips": "10.1.0.5"], port: 55)]
        let (_, sharing) = try analyzeFixture(Self.ciliumPools + "\n-- k3s/apps/lb/services.yaml --\n" + services[0...1].joined(separator: "\n---\n"))
        #expect(sharing.findings.filter { $0.id == "network.lb-ip-duplicate" } == [])
        #expect(sharing.network.allocations.map(\.problems) == [["shared (key dns)"], ["shared (key dns)"]])
        #expect(sharing.network.pool(named: "main")?.usedAddresses.count == 1)
        let (_, clash) = try analyzeFixture(Self.ciliumPools + "\n-- k3s/apps/lb/services.yaml --\n" + services.joined(separator: "\n---\n"))
        #expect(clash.findings.filter { $0.id == "network.lb-ip-duplicate" }.count == 1)
    }
}
