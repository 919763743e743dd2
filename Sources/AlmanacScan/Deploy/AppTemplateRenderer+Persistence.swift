import AlmanacModel

/// A `persistence` item as a pod volume and the mounts it asks for.
struct AttachedVolume {
    var key: String
    /// The pod's `volumes[]` entry.
    var volume: YAMLTree
    /// `globalMounts` (every container of every controller), already in `volumeMounts` shape.
    var global: [YAMLTree]
    /// `advancedMounts.<controller>.<container>`, in `volumeMounts` shape.
    var advanced: [String: [String: [YAMLTree]]]

    func attaches(to controller: String) -> Bool { !global.isEmpty || advanced[controller] != nil }

    func mounts(controller: String, container: String) -> [YAMLTree] {
        global + (advanced[controller]?[container] ?? [])
    }
}

extension AppTemplateRenderer {
    /// Pod volumes for every enabled `persistence` item; creates the PVCs the chart would create.
    mutating func renderPersistence() -> [AttachedVolume] {
        let items = values["persistence"]?.enabledItems ?? []
        let createdClaims = items.filter { Self.createsClaim($0.value) }.count
        return items.compactMap { entry in
            guard let source = volumeSource(entry, claimCount: createdClaims) else { return nil }
            var volume = YAMLTree.mapping([("name", .scalar(entry.key, at: entry.keyLocation))], at: entry.keyLocation)
            for pair in source.entries { volume[pair.key] = pair.value }
            let hostPath = entry.value["type"]?.string == "hostPath" ? entry.value["hostPath"]?.string : nil
            let mounts = Self.mounts(entry.value, volume: entry.key, keyLocation: entry.keyLocation,
                                     defaultPath: hostPath ?? "/\(entry.key)")
            return AttachedVolume(key: entry.key, volume: volume, global: mounts.global, advanced: mounts.advanced)
        }
    }

    static func createsClaim(_ item: YAMLTree) -> Bool {
        (item["type"]?.string ?? "persistentVolumeClaim") == "persistentVolumeClaim" && item["existingClaim"]?.string == nil
    }

    /// The volume source keys (`persistentVolumeClaim`, `emptyDir`, …) as a mapping.
    mutating func volumeSource(_ entry: YAMLTree.Entry, claimCount: Int) -> YAMLTree? {
        let item = entry.value
        let at = entry.keyLocation
        let type = item["type"]?.string ?? "persistentVolumeClaim"
        func source(_ key: String, _ pairs: [(String, YAMLTree?)]) -> YAMLTree {
            let body = YAMLTree.mapping(pairs.compactMap { pair in pair.1.map { (pair.0, $0) } }, at: at)
            return .mapping([(key, body)], at: at)
        }
        switch type {
        case "persistentVolumeClaim":
            let claim: YAMLTree
            if let existing = item["existingClaim"], existing.string != nil {
                claim = existing
            } else {
                let name = naming.name(entry.key, values: item, count: claimCount, kind: .persistentVolumeClaim)
                objects.append(claimObject(entry, name: name))
                claim = .scalar(name, at: at)
            }
            return source("persistentVolumeClaim", [("claimName", claim)])
        case "emptyDir":
            return source("emptyDir", [("medium", item["medium"]), ("sizeLimit", item["sizeLimit"])])
        case "hostPath":
            return source("hostPath", [("path", item["hostPath"]), ("type", item["hostPathType"])])
        case "nfs":
            return source("nfs", [("server", item["server"]), ("path", item["path"])])
        case "configMap", "secret":
            let collection = type == "configMap" ? "configMaps" : "secrets"
            var name = item["name"]
            if name == nil, let identifier = item["identifier"] {
                name = .scalar(resourceName(in: collection, identifier: identifier.string ?? ""), at: identifier.location)
            }
            return source(type, [(type == "configMap" ? "name" : "secretName", name),
                                 ("items", item["items"]), ("defaultMode", item["defaultMode"])])
        case "custom":
            guard let spec = item["volumeSpec"], spec.isMapping else { return nil }
            return spec
        default:
            notes.append("persistence.\(entry.key): type '\(type)' is not rendered")
            return nil
        }
    }

    /// The PVC for a `persistentVolumeClaim` item without `existingClaim`.
    mutating func claimObject(_ entry: YAMLTree.Entry, name: String) -> YAMLTree {
        let item = entry.value
        var claim = ChartObject(apiVersion: "v1", kind: "PersistentVolumeClaim", name: name,
                                   namespace: input.namespace, origin: entry.keyLocation)
        claim.set("metadata", "labels", to: item["labels"])
        claim.set("metadata", "annotations", to: item["annotations"])
        claim.set("spec", "accessModes", to: (item["accessMode"] ?? item["accessModes"])?.asSequence)
        if let size = item["size"] {
            claim.set("spec", "resources", "requests", "storage", to: size)
        } else {
            notes.append("persistence.\(entry.key): size is not in values")
        }
        if let storageClass = item["storageClass"] {
            let text = storageClass.string == "-" ? YAMLTree.scalar("", at: storageClass.location) : storageClass
            claim.set("spec", "storageClassName", to: text)
        }
        for key in ["volumeName", "dataSource", "dataSourceRef"] { claim.set("spec", key, to: item[key]) }
        return claim.tree
    }

    /// `globalMounts` and `advancedMounts` as `volumeMounts` items; with neither, the volume is
    /// mounted at `defaultPath` in every container.
    static func mounts(_ item: YAMLTree, volume: String, keyLocation: SourceLocation,
                       defaultPath: String) -> (global: [YAMLTree], advanced: [String: [String: [YAMLTree]]]) {
        func mount(_ spec: YAMLTree) -> YAMLTree {
            var mount = YAMLTree.mapping([("name", .scalar(volume, at: spec.location)),
                                          ("mountPath", spec["path"] ?? .scalar(defaultPath, at: spec.location))],
                                         at: spec.location)
            for key in ["readOnly", "subPath", "subPathExpr", "mountPropagation"] { mount[key] = spec[key] }
            return mount
        }
        var advanced: [String: [String: [YAMLTree]]] = [:]
        for controller in item["advancedMounts"]?.entries ?? [] {
            for container in controller.value.entries {
                advanced[controller.key, default: [:]][container.key, default: []] += container.value.items.map(mount)
            }
        }
        if let global = item["globalMounts"] { return (global.items.map(mount), advanced) }
        if advanced.isEmpty { return ([mount(.mapping([], at: keyLocation))], advanced) }
        return ([], advanced)
    }

    /// A StatefulSet's `statefulset.volumeClaimTemplates`, as Kubernetes writes them.
    func claimTemplates(_ controller: Controller) -> YAMLTree? {
        guard let templates = controller.values[path: "statefulset", "volumeClaimTemplates"], templates.isSequence else { return nil }
        let items = templates.items.compactMap { template -> YAMLTree? in
            guard let name = template["name"] else { return nil }
            var claim = YAMLTree.mapping([], at: template.location)
            claim.set(["metadata", "name"], to: name)
            if let labels = template["labels"] { claim.set(["metadata", "labels"], to: labels) }
            if let annotations = template["annotations"] { claim.set(["metadata", "annotations"], to: annotations) }
            if let modes = (template["accessMode"] ?? template["accessModes"])?.asSequence {
                claim.set(["spec", "accessModes"], to: modes)
            }
            if let size = template["size"] { claim.set(["spec", "resources", "requests", "storage"], to: size) }
            if let storageClass = template["storageClass"] { claim.set(["spec", "storageClassName"], to: storageClass) }
            for key in ["dataSource", "dataSourceRef"] { if let value = template[key] { claim.set(["spec", key], to: value) } }
            return claim
        }
        return .sequence(items, at: templates.location)
    }

    /// Mounts of a StatefulSet's claim templates (same rules as `persistence`, this controller only).
    func claimTemplateMounts(_ controller: Controller) -> [AttachedVolume] {
        (controller.values[path: "statefulset", "volumeClaimTemplates"]?.items ?? []).compactMap { template in
            guard let name = template["name"]?.string else { return nil }
            let mounts = Self.mounts(template, volume: name, keyLocation: template.location, defaultPath: "/\(name)")
            var advanced = mounts.advanced
            if !mounts.global.isEmpty {
                // Global mounts of a claim template reach only its own StatefulSet's containers.
                let containers = (controller.values["containers"]?.entries ?? []) + (controller.values["initContainers"]?.entries ?? [])
                for container in containers { advanced[controller.key, default: [:]][container.key, default: []] += mounts.global }
            }
            return AttachedVolume(key: name, volume: .mapping([], at: template.location), global: [], advanced: advanced)
        }
    }
}
