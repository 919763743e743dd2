import AlmanacModel

/// Resolves what configuration names — cluster DNS names, declared dependencies — to the
/// service (folder) that owns the Kubernetes Service behind it.
///
/// A name goes to a Service object by name and namespace (`Repository.kubeServices`, plus the
/// `-rw`/`-ro`/`-r` Services the CloudNativePG operator creates for a Cluster), and from there to
/// the folder that holds it.
struct ReferenceResolver {
    /// What a host turned out to be.
    enum Resolution: Equatable {
        /// A Service of the repo, owned by the service `id` (nil when no service folder holds it).
        case service(id: String?, name: String, namespace: String)
        /// Cluster DNS (`*.svc`, `name.namespace`) that names no Service of the repo: a mistake.
        case unresolved(name: String, namespace: String)
        /// Names Kubernetes provides itself (`kubernetes.default.svc`, `kube-system`).
        case builtin
        /// Not a cluster name (an external host, a file name, a word).
        case notClusterName
    }

    /// Owner of each Service object, by `name.namespace`; nil when no service folder holds it.
    private var owners: [String: String?] = [:]
    /// Services by `name.namespace` and, when the name is unique, by name.
    private var servicesByName: [String: String] = [:]
    let namespaces: Set<String>

    /// Namespaces that are also common top-level domains: `ollama.ai` is a web site, not the
    /// Service `ollama` in namespace `ai`, unless such a Service exists.
    static let topLevelDomains: Set<String> = [
        "com", "org", "net", "io", "ai", "dev", "app", "sh", "me", "co", "tv", "info", "cloud", "local", "lan",
        "home", "internal", "arpa", "site", "xyz", "tech", "de", "uk", "fr", "nl", "eu", "us", "ch", "at", "se",
        "gg", "so", "to", "cc", "in", "it", "es", "pl", "be", "fm", "ly", "ms", "ws", "example", "test", "invalid",
    ]

    init(_ repository: Repository) {
        var namespaceOfService: [String: String] = [:]
        for service in repository.services { if let namespace = service.namespace { namespaceOfService[service.id] = namespace } }
        for kubeService in repository.kubeServices {
            guard let namespace = kubeService.ref.namespace ?? kubeService.serviceID.flatMap({ namespaceOfService[$0] })
            else { continue }
            let key = "\(kubeService.ref.name).\(namespace)"
            if owners[key] == nil || owners[key]! == nil { owners[key] = .some(kubeService.serviceID) }
        }
        for workload in repository.workloads where workload.kind == .cnpgCluster {
            guard let namespace = workload.ref.namespace ?? workload.serviceID.flatMap({ namespaceOfService[$0] })
            else { continue }
            for suffix in ["rw", "ro", "r"] {
                let key = "\(workload.ref.name)-\(suffix).\(namespace)"
                if owners[key] == nil { owners[key] = .some(workload.serviceID) }
            }
        }
        var nameCounts: [String: Int] = [:]
        for service in repository.services { nameCounts[service.name, default: 0] += 1 }
        for service in repository.services {
            if let namespace = service.namespace { servicesByName["\(service.name).\(namespace)"] = service.id }
            if nameCounts[service.name] == 1 { servicesByName[service.name] = service.id }
        }
        namespaces = Set(repository.namespaces.map(\.ref.name) + repository.services.compactMap(\.namespace)
                         + repository.kubeServices.compactMap(\.ref.namespace))
    }

    /// Whether a Service `name` exists in `namespace` (owned or not).
    func hasService(_ name: String, in namespace: String?) -> Bool {
        guard let namespace else { return false }
        return owners["\(name).\(namespace)"] != nil
    }

    /// Resolves a host written by an object in `namespace`. Single-label names count only when
    /// `hostContext` says the place holds a host (a URL, `host:port`, a `*_HOST` value).
    func resolve(_ host: String, in namespace: String?, hostContext: Bool) -> Resolution {
        var labels = host.split(separator: ".").map(String.init)
        if labels.count >= 3, labels.suffix(2) == ["cluster", "local"] { labels.removeLast(2) }
        let explicitCluster = labels.last == "svc"
        if explicitCluster { labels.removeLast() }
        let name: String
        let targetNamespace: String
        switch labels.count {
        case 1 where !explicitCluster:
            guard hostContext, let namespace, labels[0] != "localhost" else { return .notClusterName }
            name = labels[0]
            targetNamespace = namespace
        case 2:
            guard explicitCluster || namespaces.contains(labels[1]) else { return .notClusterName }
            name = labels[0]
            targetNamespace = labels[1]
        case 3... where explicitCluster:
            // A pod of a headless Service: `pod-0.name.namespace.svc`.
            name = labels[labels.count - 2]
            targetNamespace = labels[labels.count - 1]
        default:
            return .notClusterName
        }
        if let owner = owners["\(name).\(targetNamespace)"] {
            return .service(id: owner, name: name, namespace: targetNamespace)
        }
        if (name == "kubernetes" && targetNamespace == "default") || targetNamespace == "kube-system" { return .builtin }
        // Unknown single labels are words; `name.tld` is a web site unless written with `.svc`.
        if labels.count == 1 && !explicitCluster { return .notClusterName }
        if !explicitCluster && Self.topLevelDomains.contains(targetNamespace) { return .notClusterName }
        return .unresolved(name: name, namespace: targetNamespace)
    }

    /// Resolves a declared dependency (`postgresql.platform-databases`, `postgresql`, a Backstage
    /// entity name): a Service object first, then a service folder of that name.
    func resolveDeclared(_ entry: String, in namespace: String?) -> Resolution {
        let text = entry.lowercased()
        switch resolve(text, in: namespace, hostContext: true) {
        case .service(let id?, let name, let namespace): return .service(id: id, name: name, namespace: namespace)
        case .builtin: return .builtin
        default: break
        }
        let labels = text.split(separator: ".").map(String.init)
        if labels.count == 2, let id = servicesByName[text] {
            return .service(id: id, name: labels[0], namespace: labels[1])
        }
        if labels.count == 1 {
            if let namespace, let id = servicesByName["\(text).\(namespace)"] {
                return .service(id: id, name: text, namespace: namespace)
            }
            if let id = servicesByName[text] { return .service(id: id, name: text, namespace: namespace ?? "") }
        }
        return .unresolved(name: labels.first ?? text, namespace: labels.count > 1 ? labels[1] : (namespace ?? ""))
    }
}
