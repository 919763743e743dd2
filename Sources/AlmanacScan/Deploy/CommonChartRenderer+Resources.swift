import AlmanacModel

extension CommonChartRenderer {
    /// `persistence{enabled, size, storageClass, existingClaim, accessModes}`, or k8s-at-home's
    /// `persistence.<name>{…}`; rendered when enabled is true or a size or existing claim is stated.
    mutating func renderPersistence(_ entry: YAMLTree.Entry, name: String, label: String) -> [CommonChartRenderer.ClaimMount] {
        let item = entry.value
        guard !item.isDisabled else { return [] }
        let stated = item.flag("enabled") == true || item["size"] != nil || item["existingClaim"] != nil
        if !stated {
            return item.entries.filter { $0.value.isMapping && !Self.settingKeys.contains($0.key) }.flatMap { child in
                let childStated = child.value.flag("enabled") == true || child.value["size"] != nil
                    || child.value["existingClaim"] != nil
                guard childStated, !child.value.isDisabled else { return [CommonChartRenderer.ClaimMount]() }
                return claim(child, name: HelmNames.trimmed("\(name)-\(child.key)"), volume: child.key, label: "\(label).\(child.key)")
            }
        }
        return claim(entry, name: name, volume: "data", label: label)
    }

    private mutating func claim(_ entry: YAMLTree.Entry, name: String, volume: String, label: String) -> [CommonChartRenderer.ClaimMount] {
        let item = entry.value
        let at = entry.keyLocation
        let volumeName = YAMLTree.scalar(volume, at: at)
        if let existing = item["existingClaim"], existing.string?.isEmpty == false {
            return [ClaimMount(volume: volumeName, claimName: existing, mountPath: item["mountPath"])]
        }
        // Charts that keep their data in a StatefulSet's claim template `storage`: Grafana with
        // `persistence.type: sts`, Loki's single binary (named after the release, not the component).
        let statefulType = ["sts", "statefulset"].contains(item["type"]?.string?.lowercased() ?? "")
        if statefulType || label.hasSuffix("singleBinary.persistence") {
            let setName = label.hasSuffix("singleBinary.persistence") && name.hasSuffix("-singleBinary") ? String(name.dropLast("-singleBinary".count)) : name
            var set = ChartObject(apiVersion: "apps/v1", kind: "StatefulSet", name: setName, namespace: input.namespace, origin: at)
            var spec: [(String, YAMLTree)] = []
            if let modes = (item["accessModes"] ?? item["accessMode"])?.asSequence { spec.append(("accessModes", modes)) }
            if let storageClass = item["storageClass"] ?? item["storageClassName"] { spec.append(("storageClassName", storageClass)) }
            if let size = item["size"] {
                spec.append(("resources", .mapping([("requests", .mapping([("storage", size)], at: at))], at: at)))
            } else {
                notes.append("\(label): size is a chart default (not in git)")
            }
            set.set("spec", "volumeClaimTemplates", to: .sequence([.mapping([
                ("metadata", .mapping([("name", set.text("storage"))], at: at)), ("spec", .mapping(spec, at: at)),
            ], at: at)], at: at))
            objects.append(set.tree)
            return []
        }
        var claim = ChartObject(apiVersion: "v1", kind: "PersistentVolumeClaim", name: name,
                                   namespace: input.namespace, origin: at)
        claim.set("metadata", "labels", to: item["labels"])
        claim.set("metadata", "annotations", to: item["annotations"])
        claim.set("spec", "accessModes", to: (item["accessModes"] ?? item["accessMode"])?.asSequence)
        if let size = item["size"] {
            claim.set("spec", "resources", "requests", "storage", to: size)
        } else {
            notes.append("\(label): size is a chart default (not in git)")
        }
        if let storageClass = item["storageClass"] ?? item["storageClassName"] {
            claim.set("spec", "storageClassName", to: storageClass.string == "-" ? .scalar("", at: storageClass.location) : storageClass)
        }
        objects.append(claim.tree)
        return [ClaimMount(volume: volumeName, claimName: .scalar(name, at: at), mountPath: item["mountPath"])]
    }

    /// `service{type, port | ports, loadBalancerIP, annotations}`, or k8s-at-home's `service.<name>{…}`.
    /// Returns the Service an ingress of the same component points at.
    mutating func renderServices(_ entry: YAMLTree.Entry, name: String) -> (name: String, port: YAMLTree?)? {
        let item = entry.value
        guard !item.isDisabled else { return nil }
        if Self.describesService(item) { return renderService(item, name: name, origin: entry.keyLocation) }
        var first: (name: String, port: YAMLTree?)?
        for child in item.entries where child.value.isMapping && !child.value.isDisabled && Self.describesService(child.value) {
            let childName = child.key == "main" ? name : HelmNames.trimmed("\(name)-\(child.key)")
            let rendered = renderService(child.value, name: childName, origin: child.keyLocation)
            if first == nil { first = rendered }
        }
        return first
    }

    static func describesService(_ item: YAMLTree) -> Bool {
        ["type", "port", "ports", "loadBalancerIP", "annotations", "nodePort"].contains { item[$0] != nil }
    }

    private mutating func renderService(_ item: YAMLTree, name: String, origin: SourceLocation) -> (name: String, port: YAMLTree?) {
        var service = ChartObject(apiVersion: "v1", kind: "Service", name: name, namespace: input.namespace, origin: origin)
        service.set("metadata", "labels", to: item["labels"])
        service.set("metadata", "annotations", to: item["annotations"])
        for key in ["type", "clusterIP", "loadBalancerIP", "loadBalancerClass", "loadBalancerSourceRanges", "externalIPs",
                    "externalTrafficPolicy"] {
            service.set("spec", key, to: item[key])
        }
        var ports: [YAMLTree] = []
        if let port = item["port"], port.string != nil {
            var rendered = YAMLTree.mapping([("port", port)], at: port.location)
            rendered["name"] = item["portName"]
            rendered["targetPort"] = item["targetPort"]
            rendered["nodePort"] = item["nodePort"]
            ports.append(rendered)
        }
        if let list = item["ports"] {
            for port in list.items where port["port"] != nil {
                var rendered = YAMLTree.mapping([("port", port["port"]!)], at: port.location)
                for key in ["name", "targetPort", "protocol", "nodePort"] { rendered[key] = port[key] }
                ports.append(rendered)
            }
            for pair in list.entries {
                // Bitnami `ports.http: 80`, k8s-at-home `ports.http.port: 80`.
                guard let number = pair.value.string != nil ? pair.value : pair.value["port"] else { continue }
                guard !pair.value.isDisabled else { continue }
                var rendered = YAMLTree.mapping([("name", .scalar(pair.key, at: pair.keyLocation)), ("port", number)],
                                                at: pair.keyLocation)
                for key in ["targetPort", "protocol", "nodePort"] { rendered[key] = pair.value[key] }
                if let proto = pair.value["protocol"]?.string, proto == "HTTP" || proto == "HTTPS" {
                    rendered["protocol"] = .scalar("TCP", at: pair.value["protocol"]!.location)
                }
                ports.append(rendered)
            }
        }
        if !ports.isEmpty { service.set("spec", "ports", to: .sequence(ports, at: origin)) }
        objects.append(service.tree)
        return (name, ports.first?["port"])
    }
}
