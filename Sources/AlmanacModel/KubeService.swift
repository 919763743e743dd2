/// A Kubernetes `Service`: how a workload is reached.
public struct KubeService: Hashable, Sendable, Codable {
    public var ref: ObjectRef
    public var serviceID: String?
    /// ClusterIP, NodePort, LoadBalancer, ExternalName; `ClusterIP` when unset.
    public var type: String
    public var ports: [ServicePort]
    public var selector: [KeyValue]
    /// Requested LoadBalancer addresses, from `spec.loadBalancerIP` or the MetalLB/Cilium/kube-vip
    /// annotations, each with the place it is written.
    public var loadBalancerIPs: [AddressClaim]
    /// Address pool requested by annotation (`metallb.universe.tf/address-pool`).
    public var addressPool: String?
    public var headless: Bool
    /// IP sharing key (`metallb.universe.tf/allow-shared-ip`, Cilium `lbipam.cilium.io/sharing-key`):
    /// Services with the same key may share a LoadBalancer address on different ports.
    public var sharingKey: String?
    /// `spec.externalTrafficPolicy` (`Cluster` when unset); MetalLB shares an address between
    /// `Local` Services only when they select the same pods.
    public var externalTrafficPolicy: String
    /// `metadata.labels`: Cilium LB-IPAM pools choose Services by these.
    public var labels: [KeyValue] = []

    public init(ref: ObjectRef, serviceID: String? = nil, type: String = "ClusterIP", ports: [ServicePort] = [],
                selector: [KeyValue] = [], loadBalancerIPs: [AddressClaim] = [], addressPool: String? = nil,
                headless: Bool = false, sharingKey: String? = nil, externalTrafficPolicy: String = "Cluster") {
        self.ref = ref
        self.serviceID = serviceID
        self.type = type
        self.ports = ports
        self.selector = selector
        self.loadBalancerIPs = loadBalancerIPs
        self.addressPool = addressPool
        self.headless = headless
        self.sharingKey = sharingKey
        self.externalTrafficPolicy = externalTrafficPolicy
    }
}

/// One port of a Service.
public struct ServicePort: Hashable, Sendable, Codable {
    public var name: String?
    public var port: Int
    public var targetPort: String?
    public var nodePort: Int?
    public var `protocol`: String
    public var location: SourceLocation

    public init(name: String?, port: Int, targetPort: String? = nil, nodePort: Int? = nil, protocol: String = "TCP",
                location: SourceLocation) {
        self.name = name
        self.port = port
        self.targetPort = targetPort
        self.nodePort = nodePort
        self.protocol = `protocol`
        self.location = location
    }
}

/// An IP address requested for a LoadBalancer, and where.
public struct AddressClaim: Hashable, Sendable, Codable {
    public var address: String
    /// `spec.loadBalancerIP`, or the annotation key it came from.
    public var source: String
    public var location: SourceLocation

    public init(address: String, source: String, location: SourceLocation) {
        self.address = address
        self.source = source
        self.location = location
    }
}
