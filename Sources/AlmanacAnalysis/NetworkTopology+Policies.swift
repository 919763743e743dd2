import AlmanacModel

extension NetworkTopology {
    /// Network policy state of one namespace.
    public struct NamespacePolicies: Sendable {
        public var name: String
        /// Policies of the namespace (and cluster-wide ones), sorted by location.
        public var policies: [NetworkPolicy]
        /// Default-deny policies: select every pod and allow nothing in that direction.
        public var denyIngress: [NetworkPolicy]
        public var denyEgress: [NetworkPolicy]
        /// Service ids in the namespace, in catalog order.
        public var serviceIDs: [String]
    }

    /// Which policies apply to one service's pods, and who may reach them.
    public struct PolicyCoverage: Sendable {
        public var serviceID: String
        public var namespace: String?
        /// Policies whose non-empty selector matches the pods: the service's own rules.
        public var selecting: [NetworkPolicy]
        /// Policies selecting every pod of the namespace (default-deny, allow-dns …).
        public var namespaceWide: [NetworkPolicy]
        /// Peers the ingress rules of all those policies allow; `anyone` when no policy isolates ingress.
        public var allowedFrom: [String]
        /// Whether some policy restricts ingress to the pods.
        public var ingressIsolated: Bool
        /// Why the service needs no policy of its own (annotation reason, or host network).
        public var exemption: String?

        /// A policy of its own selects the pods, or the service is exempt.
        public var isCovered: Bool { !selecting.isEmpty || exemption != nil }
    }

    /// Whether a policy of its own selects the service's pods (or it is exempt); nil when the
    /// service runs no pods Almanac knows of. The scorecard reads this.
    public func isCovered(serviceID: String) -> Bool? { coverage[serviceID]?.isCovered }

    /// Whether a policy denies a direction for every pod it selects.
    static func denies(_ policy: NetworkPolicy, _ direction: String) -> Bool {
        guard policy.isDefaultDeny, policy.policyTypes.contains(direction) else { return false }
        return direction == "Ingress" ? policy.ingressFrom.isEmpty : policy.egressTo.isEmpty
    }

    /// Cluster-wide policies (Cilium's) apply in every namespace.
    static func applies(_ policy: NetworkPolicy, in namespace: String?) -> Bool {
        policy.ref.namespace == nil || policy.ref.namespace == namespace
    }

    /// Policies of its own that select a workload's pods: they apply in `namespace` (or cluster-wide)
    /// and their non-empty selector matches the pods' labels. `network.missing-policy` and the
    /// scorecard's network-policy cell both ask this, so they cannot disagree about a service.
    static func selecting(_ workload: Workload, namespace: String?, among policies: [NetworkPolicy]) -> [NetworkPolicy] {
        let labels = workload.selectableLabels
        return policies.filter { applies($0, in: namespace) && !$0.podSelector.isEmpty && $0.podSelector.matches(labels) }
    }

    mutating func buildPolicies(_ repository: Repository, index: RepositoryIndex) -> [Diagnostic] {
        let policies = repository.networkPolicies.sorted { $0.ref < $1.ref }
        var names = Set(repository.namespaces.map(\.ref.name))
        names.formUnion(index.services.compactMap(\.namespace))
        names.formUnion(policies.compactMap(\.ref.namespace))
        namespaces = names.sorted().map { name in
            let own = policies.filter { Self.applies($0, in: name) }
            return NamespacePolicies(name: name, policies: own,
                                     denyIngress: own.filter { Self.denies($0, "Ingress") },
                                     denyEgress: own.filter { Self.denies($0, "Egress") },
                                     serviceIDs: index.services.filter { $0.namespace == name }.map(\.id))
        }
        var findings: [Diagnostic] = []
        for service in index.services {
            guard let facts = index[service.id] else { continue }
            let workloads = facts.workloads
            guard !workloads.isEmpty else { continue }
            let namespace = service.namespace
            let inNamespace = policies.filter { Self.applies($0, in: namespace ?? workloads[0].ref.namespace) }
            var selecting: [NetworkPolicy] = []
            for workload in workloads {
                let own = Self.selecting(workload, namespace: workload.ref.namespace ?? namespace, among: policies)
                selecting += own.filter { !selecting.contains($0) }
            }
            selecting.sort { $0.ref < $1.ref }
            let wide = inNamespace.filter { $0.podSelector.isEmpty }
            let ingressPolicies = (selecting + wide).filter { $0.policyTypes.contains("Ingress") }
            var seen = Set<String>()
            let hostNetwork = workloads.allSatisfy(\.hostNetwork)
            let allowed = hostNetwork ? ["anyone who reaches the node (host network, policies do not apply)"]
                : ingressPolicies.isEmpty ? ["anyone (no policy restricts ingress)"]
                : ingressPolicies.flatMap(\.ingressFrom).filter { seen.insert($0).inserted }
            var exemption = workloads.lazy.compactMap { $0.annotations[key: "almanac.dev/exempt-network-policy"] }.first
            if exemption == nil, hostNetwork {
                exemption = "runs in the host network, where NetworkPolicies do not apply"
            }
            let coverage = PolicyCoverage(serviceID: service.id, namespace: namespace, selecting: selecting,
                                          namespaceWide: wide, allowedFrom: allowed,
                                          ingressIsolated: !hostNetwork && !ingressPolicies.isEmpty, exemption: exemption)
            self.coverage[service.id] = coverage
            guard !coverage.isCovered else { continue }
            let workload = workloads.sorted { $0.ref < $1.ref }[0]
            let labels = workload.selectableLabels
            let selector = labels.first { $0.key == "app.kubernetes.io/name" }.map { [$0] } ?? labels
            let deny = wide.contains { Self.denies($0, "Ingress") } ? " (only the namespace's default-deny applies)" : ""
            findings.append(Diagnostic(
                id: "network.missing-policy", severity: .warning, location: workload.ref.location,
                message: "no NetworkPolicy selects the pods of '\(service.name)'\(namespace.map { " in namespace \($0)" } ?? "")\(deny)",
                note: (selector.isEmpty ? "label its pods (app.kubernetes.io/name) and add a networkpolicy.yaml that selects them"
                       : "add a networkpolicy.yaml whose podSelector matches \(LabelSelector(matchLabels: selector).description())")
                    + " and allows its clients, or annotate the workload with almanac.dev/exempt-network-policy: \"<reason>\""))
        }
        return findings
    }
}
