import AlmanacModel

extension AppTemplateRenderer {
    mutating func renderServices() {
        let items = values["service"]?.enabledItems ?? []
        for (entry, target) in zip(items, services) {
            let item = entry.value
            var service = ChartObject(apiVersion: "v1", kind: "Service", name: target.name,
                                         namespace: input.namespace, origin: entry.keyLocation)
            service.add([YAMLTree.Entry("app.kubernetes.io/service", service.text(target.name))] + (item["labels"]?.entries ?? []),
                        to: "metadata", "labels")
            service.set("metadata", "annotations", to: item["annotations"])
            if let type = item["type"] {
                // The chart's `ExternalIP` is a ClusterIP Service with `externalIPs`.
                service.set("spec", "type", to: type.string == "ExternalIP" ? .scalar("ClusterIP", at: type.location) : type)
            }
            for key in ["clusterIP", "loadBalancerIP", "loadBalancerClass", "loadBalancerSourceRanges", "externalIPs",
                        "externalName", "externalTrafficPolicy", "internalTrafficPolicy", "ipFamilyPolicy", "ipFamilies",
                        "sessionAffinity", "publishNotReadyAddresses"] {
                service.set("spec", key, to: item[key])
            }
            let ports = (item["ports"]?.enabledItems ?? []).sorted { $0.key < $1.key }.compactMap { port -> YAMLTree? in
                guard let number = port.value["port"] else {
                    notes.append("service.\(entry.key).ports.\(port.key): no port number")
                    return nil
                }
                var rendered = YAMLTree.mapping([("name", .scalar(port.key, at: port.keyLocation)), ("port", number)],
                                                at: port.keyLocation)
                rendered["targetPort"] = port.value["targetPort"]
                if let proto = port.value["protocol"], let text = proto.string {
                    // HTTP and HTTPS are the chart's own protocols, rendered as TCP.
                    rendered["protocol"] = .scalar(text == "UDP" || text == "SCTP" ? text : "TCP", at: proto.location)
                }
                for key in ["nodePort", "appProtocol"] { rendered[key] = port.value[key] }
                return rendered
            }
            if !ports.isEmpty { service.set("spec", "ports", to: .sequence(ports, at: entry.keyLocation)) }
            if let controller = controllerKey(named: item["controller"]?.string) {
                service.add(selectorLabels(controller: controller, at: item["controller"]?.location ?? entry.keyLocation),
                            to: "spec", "selector")
            } else {
                notes.append("service.\(entry.key): no controller to select (name one with `controller`)")
            }
            service.add(item["extraSelectorLabels"]?.entries ?? [], to: "spec", "selector")
            objects.append(service.tree)
        }
    }

    /// A backend Service named by `identifier` (or `name` as is), or the only Service; with its port.
    func backend(_ reference: YAMLTree?, at location: SourceLocation) -> (name: YAMLTree, port: YAMLTree?)? {
        let port = reference?["port"]
        if let name = reference?["name"] { return (name, port) }
        let target: ServiceTarget?
        if let identifier = reference?["identifier"]?.string {
            target = services.first { $0.key == identifier }
        } else {
            target = services.count == 1 ? services[0] : nil
        }
        guard let target else { return nil }
        let at = reference?["identifier"]?.location ?? location
        return (.scalar(target.name, at: at), port ?? target.primaryPort)
    }

    mutating func renderIngresses() {
        let items = values["ingress"]?.enabledItems ?? []
        for entry in items {
            let item = entry.value
            let name = naming.name(entry.key, values: item, count: items.count, kind: .ingress)
            var ingress = ChartObject(apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: name,
                                         namespace: input.namespace, origin: entry.keyLocation)
            ingress.set("metadata", "labels", to: item["labels"])
            ingress.set("metadata", "annotations", to: item["annotations"])
            ingress.set("spec", "ingressClassName", to: item["className"])
            let rules = (item["hosts"]?.items ?? []).map { host -> YAMLTree in
                var rule = YAMLTree.mapping([], at: host.location)
                rule["host"] = host["host"]
                let paths = (host["paths"]?.items ?? []).map { path -> YAMLTree in
                    var rendered = YAMLTree.mapping([], at: path.location)
                    rendered["path"] = path["path"]
                    rendered["pathType"] = path["pathType"]
                    if let target = backend(path["service"], at: path.location) {
                        var service = YAMLTree.mapping([("name", target.name)], at: target.name.location)
                        if let port = target.port {
                            service["port"] = .mapping([(port.string.flatMap(Int.init) == nil ? "name" : "number", port)],
                                                       at: port.location)
                        }
                        rendered.set(["backend", "service"], to: service)
                    } else {
                        notes.append("ingress.\(entry.key): a path has no service the chart could pick")
                    }
                    return rendered
                }
                if !paths.isEmpty { rule.set(["http", "paths"], to: .sequence(paths, at: host.location)) }
                return rule
            }
            if !rules.isEmpty { ingress.set("spec", "rules", to: .sequence(rules, at: entry.keyLocation)) }
            ingress.set("spec", "tls", to: item["tls"])
            objects.append(ingress.tree)
        }
    }

    mutating func renderRoutes() {
        let items = values["route"]?.enabledItems ?? []
        for entry in items {
            let item = entry.value
            let kind = item["kind"]?.string ?? "HTTPRoute"
            let apiVersion = ["HTTPRoute", "GRPCRoute"].contains(kind) ? "gateway.networking.k8s.io/v1"
                : "gateway.networking.k8s.io/v1alpha2"
            let name = naming.name(entry.key, values: item, count: items.count, kind: .route)
            var route = ChartObject(apiVersion: apiVersion, kind: kind, name: name,
                                       namespace: input.namespace, origin: entry.keyLocation)
            route.set("metadata", "labels", to: item["labels"])
            route.set("metadata", "annotations", to: item["annotations"])
            route.set("spec", "parentRefs", to: item["parentRefs"])
            if !["TCPRoute", "UDPRoute"].contains(kind) { route.set("spec", "hostnames", to: item["hostnames"]) }
            let ruleItems = item["rules"]?.items ?? []
            var rules = ruleItems.map { rule -> YAMLTree in
                var rendered = rule
                let refs = (rule["backendRefs"]?.items ?? []).compactMap { ref -> YAMLTree? in
                    guard let target = backend(ref, at: ref.location) else {
                        notes.append("route.\(entry.key): a backendRef names no known service")
                        return nil
                    }
                    var backendRef = YAMLTree.mapping([("name", target.name)], at: ref.location)
                    backendRef["namespace"] = ref["namespace"]
                    backendRef["port"] = target.port
                    backendRef["weight"] = ref["weight"]
                    return backendRef
                }
                rendered["backendRefs"] = refs.isEmpty ? nil : .sequence(refs, at: rule.location)
                return rendered
            }
            if rules.isEmpty, let target = backend(nil, at: entry.keyLocation) {
                // No rules: the chart sends everything to the release's only Service.
                var backendRef = YAMLTree.mapping([("name", target.name)], at: entry.keyLocation)
                backendRef["port"] = target.port
                rules = [.mapping([("backendRefs", .sequence([backendRef], at: entry.keyLocation))], at: entry.keyLocation)]
            }
            if !rules.isEmpty { route.set("spec", "rules", to: .sequence(rules, at: entry.keyLocation)) }
            objects.append(route.tree)
        }
    }

    mutating func renderServiceMonitors() {
        let items = values["serviceMonitor"]?.enabledItems ?? []
        for entry in items {
            let item = entry.value
            let name = naming.name(entry.key, values: item, count: items.count, kind: .other)
            var monitor = ChartObject(apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", name: name,
                                         namespace: input.namespace, origin: entry.keyLocation)
            monitor.set("metadata", "labels", to: item["labels"])
            monitor.set("metadata", "annotations", to: item["annotations"])
            if let selector = item["selector"] {
                monitor.set("spec", "selector", to: selector)
            } else if let target = backend(item["service"] ?? item["serviceName"].map {
                .mapping([("name", $0)], at: $0.location)
            }, at: entry.keyLocation) {
                monitor.set("spec", "selector", "matchLabels", to: .mapping([("app.kubernetes.io/service", target.name)],
                                                                              at: target.name.location))
            }
            monitor.set("spec", "endpoints", to: item["endpoints"])
            objects.append(monitor.tree)
        }
    }

    /// `rawResources`: v4 `manifest` bodies, or v3 `apiVersion` + `kind` + `spec`.
    mutating func renderRawResources() {
        let items = values["rawResources"]?.enabledItems ?? []
        for entry in items {
            let item = entry.value
            let body = item["manifest"] ?? item
            guard let apiVersion = body["apiVersion"]?.string, let kind = body["kind"]?.string else {
                notes.append("rawResources.\(entry.key): no apiVersion and kind, not rendered")
                continue
            }
            let name = naming.name(entry.key, values: item, count: items.count, kind: .other)
            var object = ChartObject(apiVersion: apiVersion, kind: kind, name: name,
                                        namespace: input.namespace, origin: entry.keyLocation)
            for pair in body.entries where !["apiVersion", "kind", "metadata", "enabled", "nameOverride", "forceRename",
                                            "prefix", "suffix", "labels", "annotations"].contains(pair.key) {
                object.set(pair.key, to: pair.value)
            }
            object.set("metadata", "labels", to: body[path: "metadata", "labels"] ?? item["labels"])
            object.set("metadata", "annotations", to: body[path: "metadata", "annotations"] ?? item["annotations"])
            objects.append(object.tree)
        }
    }
}
