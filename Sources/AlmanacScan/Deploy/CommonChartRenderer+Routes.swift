import AlmanacModel

extension CommonChartRenderer {
    /// Gateway API routes as charts commonly take them: `httpRoute{enabled, hostnames, parentRefs}`
    /// (podinfo, konflate), `route{hostnames}`, or `route.<name>{hostnames}` (kube-prometheus-stack).
    mutating func renderRoutes(_ node: YAMLTree, name: String, backend: (name: String, port: YAMLTree?)?) {
        for key in ["httpRoute", "route", "httproute", "gatewayRoute"] {
            guard let entry = node.entries.first(where: { $0.key == key }), entry.value.isMapping, !entry.value.isDisabled else { continue }
            if entry.value["hostnames"] != nil || entry.value["parentRefs"] != nil {
                objects.append(route(entry.value, name: name, origin: entry.keyLocation, backend: backend))
                continue
            }
            let named = entry.value.enabledItems.filter { $0.value["hostnames"] != nil || $0.value["parentRefs"] != nil }
            for item in named {
                let routeName = named.count == 1 ? name : "\(name)-\(item.key)"
                objects.append(route(item.value, name: HelmNames.trimmed(routeName), origin: item.keyLocation, backend: backend))
            }
        }
    }

    private func route(_ values: YAMLTree, name: String, origin: SourceLocation, backend: (name: String, port: YAMLTree?)?) -> YAMLTree {
        var route = ChartObject(apiVersion: "gateway.networking.k8s.io/v1", kind: values["kind"]?.string ?? "HTTPRoute", name: name,
                                namespace: input.namespace, origin: origin)
        if let hostnames = values["hostnames"] {
            route.set("spec", "hostnames", to: HelmNames.expandingRelease(hostnames, release: input.releaseName, namespace: input.namespace))
        }
        route.set("spec", "parentRefs", to: values["parentRefs"])
        if let backend {
            var reference: [(String, YAMLTree)] = [("name", route.text(backend.name))]
            if let port = backend.port { reference.append(("port", port)) }
            route.set("spec", "rules", to: .sequence([.mapping([("backendRefs", .sequence([.mapping(reference, at: origin)], at: origin))], at: origin)], at: origin))
        }
        return route.tree
    }
}
