import AlmanacModel

extension CommonChartRenderer {
    /// `ingress{enabled, className, hosts[], hostname, extraHosts[], tls}`, or k8s-at-home's
    /// `ingress.<name>{…}`; rendered unless `enabled: false`, and only with at least one host.
    mutating func renderIngresses(_ entry: YAMLTree.Entry, name: String, backend: (name: String, port: YAMLTree?)?,
                                  label: String) {
        let item = entry.value
        guard !item.isDisabled else { return }
        if Self.describesIngress(item) {
            renderIngress(item, name: name, origin: entry.keyLocation, backend: backend, label: label)
            return
        }
        for child in item.entries where child.value.isMapping && !child.value.isDisabled && Self.describesIngress(child.value) {
            let childName = child.key == "main" ? name : HelmNames.trimmed("\(name)-\(child.key)")
            renderIngress(child.value, name: childName, origin: child.keyLocation, backend: backend, label: "\(label).\(child.key)")
        }
    }

    static func describesIngress(_ item: YAMLTree) -> Bool {
        item["hosts"] != nil || item["hostname"] != nil || item["extraHosts"] != nil
    }

    private mutating func renderIngress(_ item: YAMLTree, name: String, origin: SourceLocation,
                                        backend: (name: String, port: YAMLTree?)?, label: String) {
        func path(_ text: YAMLTree?, type: YAMLTree?, at location: SourceLocation) -> YAMLTree {
            var rendered = YAMLTree.mapping([], at: location)
            rendered["path"] = text
            rendered["pathType"] = type
            if let backend {
                var service = YAMLTree.mapping([("name", .scalar(backend.name, at: location))], at: location)
                if let port = backend.port { service["port"] = .mapping([("number", port)], at: port.location) }
                rendered.set(["backend", "service"], to: service)
            }
            return rendered
        }
        func rule(host: YAMLTree, paths: [YAMLTree]) -> YAMLTree {
            var rendered = YAMLTree.mapping([("host", host)], at: host.location)
            let list = paths.isEmpty ? [path(item["path"], type: item["pathType"], at: host.location)] : paths
            rendered.set(["http", "paths"], to: .sequence(list, at: host.location))
            return rendered
        }
        var rules: [YAMLTree] = []
        for host in item["hosts"]?.items ?? [] {
            if host.string != nil {
                rules.append(rule(host: host, paths: []))  // old stable charts: a plain list of host names
            } else if let name = host["host"] ?? host["name"] {
                let paths = (host["paths"]?.items ?? []).map { entry in
                    entry.string != nil ? path(entry, type: nil, at: entry.location)
                        : path(entry["path"], type: entry["pathType"], at: entry.location)
                }
                rules.append(rule(host: name, paths: paths))
            }
        }
        if let hostname = item["hostname"], hostname.string != nil { rules.append(rule(host: hostname, paths: [])) }
        for extra in item["extraHosts"]?.items ?? [] {
            guard let host = extra["name"] else { continue }
            rules.append(rule(host: host, paths: extra["path"].map { [path($0, type: extra["pathType"], at: $0.location)] } ?? []))
        }
        guard !rules.isEmpty else { return }
        if item["enabled"] == nil { notes.append("\(label): enabled is not stated in values (chart default)") }
        var ingress = ChartObject(apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: name,
                                     namespace: input.namespace, origin: origin)
        ingress.set("metadata", "labels", to: item["labels"])
        ingress.set("metadata", "annotations", to: item["annotations"])
        ingress.set("spec", "ingressClassName", to: item["className"] ?? item["ingressClassName"])
        ingress.set("spec", "rules", to: .sequence(rules, at: origin))
        if let tls = item["tls"] {
            if tls.isSequence {
                ingress.set("spec", "tls", to: tls)
            } else if YAMLNode(tls).bool == true, let hostname = item["hostname"] {
                // Bitnami `tls: true` secures `hostname`; the secret name is the chart's choice.
                ingress.set("spec", "tls", to: .sequence([.mapping([("hosts", .sequence([hostname], at: tls.location))],
                                                                   at: tls.location)], at: tls.location))
            }
        }
        objects.append(ingress.tree)
    }
}
