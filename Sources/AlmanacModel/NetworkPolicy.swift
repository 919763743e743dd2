/// A NetworkPolicy (Kubernetes or Cilium), summarised to who it selects and what it allows.
public struct NetworkPolicy: Hashable, Sendable, Codable {
    public var ref: ObjectRef
    public var serviceID: String?
    /// Pods the policy applies to (`podSelector`, Cilium `endpointSelector`); empty means every
    /// pod in the namespace.
    public var podSelector: LabelSelector
    public var policyTypes: [String]
    /// One line per allowed ingress peer: `namespace traefik`, `pods app=grafana`, `10.10.40.0/24`.
    public var ingressFrom: [String]
    public var egressTo: [String]
    /// Selects every pod and allows nothing in at least one direction.
    public var isDefaultDeny: Bool

    public init(ref: ObjectRef, serviceID: String? = nil, podSelector: LabelSelector = LabelSelector(), policyTypes: [String] = [],
                ingressFrom: [String] = [], egressTo: [String] = [], isDefaultDeny: Bool = false) {
        self.ref = ref
        self.serviceID = serviceID
        self.podSelector = podSelector
        self.policyTypes = policyTypes
        self.ingressFrom = ingressFrom
        self.egressTo = egressTo
        self.isDefaultDeny = isDefaultDeny
    }
}
