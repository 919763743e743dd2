import AlmanacModel

/// Reads the values conventions most charts share (`helm create`, Bitnami, old stable and
/// k8s-at-home charts): `image`, `service`, `ingress` and `persistence`, at the top level and under
/// keys that name a component (`server.ingress`, `grafana.ingress`), down to `maxDepth`.
struct CommonChartRenderer {
    /// A claim a component's pods mount.
    struct ClaimMount {
        var volume: YAMLTree
        var claimName: YAMLTree
        var mountPath: YAMLTree?
    }

    static let maxDepth = 3
    /// Keys that hold settings rather than a component; the walk does not descend into them.
    static let settingKeys: Set<String> = [
        "image", "service", "services", "ingress", "persistence", "resources", "securityContext", "podSecurityContext",
        "containerSecurityContext", "affinity", "tolerations", "nodeSelector", "env", "extraEnv", "envFrom", "annotations",
        "labels", "podAnnotations", "podLabels", "global", "livenessProbe", "readinessProbe", "startupProbe",
        "serviceAccount", "rbac", "autoscaling", "config", "configuration", "extraVolumes", "extraVolumeMounts",
        "httpRoute", "route",
    ]

    let input: HelmRenderInput
    let values: YAMLTree
    let fullname: String
    var objects: [YAMLTree] = []
    var notes: [String] = []

    init(_ input: HelmRenderInput) {
        self.input = input
        values = HelmNames.expandingRelease(input.values, release: input.releaseName, namespace: input.namespace)
        fullname = HelmNames.fullname(release: input.releaseName, chart: input.chartName, values: values)
    }

    mutating func render() -> HelmRenderOutput {
        walk(values, path: [], name: fullname, origin: values.location, depth: 0)
        return HelmRenderOutput(objects: objects, model: objects.isEmpty ? .opaque : .commonKeys, notes: notes)
    }

    /// Renders one component, then the components below it (named `<fullname>-<key>`).
    mutating func walk(_ node: YAMLTree, path: [String], name: String, origin: SourceLocation, depth: Int) {
        let before = objects.count
        renderComponent(node, path: path, name: name, origin: origin)
        if !path.isEmpty, objects.count > before, node["fullnameOverride"] == nil {
            notes.append("\(path.joined(separator: ".")): names guessed as '\(name)' (component or subchart naming is not in git)")
        }
        guard depth < Self.maxDepth else { return }
        for entry in node.entries where entry.value.isMapping && !Self.settingKeys.contains(entry.key) && !entry.value.isDisabled {
            let childName = entry.value["fullnameOverride"]?.string ?? "\(name)-\(entry.key)"
            walk(entry.value, path: path + [entry.key], name: HelmNames.trimmed(childName),
                 origin: entry.keyLocation, depth: depth + 1)
        }
    }

    mutating func renderComponent(_ node: YAMLTree, path: [String], name: String, origin: SourceLocation) {
        let prefix = path.isEmpty ? "" : path.joined(separator: ".") + "."
        var mounts: [ClaimMount] = []
        if let entry = node.entries.first(where: { $0.key == "persistence" }), entry.value.isMapping {
            mounts = renderPersistence(entry, name: name, label: prefix + "persistence")
        }
        if let image = node["image"], let reference = Self.imageReference(image) {
            objects.append(deployment(name: name, container: path.last ?? input.chartName, image: reference,
                                      mounts: mounts, origin: node.entries.first { $0.key == "image" }?.keyLocation ?? origin))
        }
        var backend: (name: String, port: YAMLTree?)?
        if let entry = node.entries.first(where: { $0.key == "service" || $0.key == "services" }), entry.value.isMapping {
            backend = renderServices(entry, name: name)
        }
        if let entry = node.entries.first(where: { $0.key == "ingress" }), entry.value.isMapping {
            renderIngresses(entry, name: name, backend: backend, label: prefix + "ingress")
        }
        renderRoutes(node, name: name, backend: backend)
    }

    /// `image: repo:tag`, or `image{registry?, repository, tag?, digest?}`.
    static func imageReference(_ image: YAMLTree) -> YAMLTree? {
        if let text = image.string {
            return text.contains(" ") || image.isMapping ? nil : .scalar(text, at: image.location)
        }
        guard let repository = image["repository"] ?? image["name"], var text = repository.string else { return nil }
        if let registry = image["registry"]?.string, !registry.isEmpty { text = "\(registry)/\(text)" }
        if let tag = image["tag"]?.string, !tag.isEmpty { text += ":\(tag)" }
        if let digest = image["digest"]?.string, !digest.isEmpty { text += "@\(digest)" }
        return .scalar(text, at: repository.location)
    }

    func deployment(name: String, container: String, image: YAMLTree, mounts: [ClaimMount], origin: SourceLocation) -> YAMLTree {
        var object = ChartObject(apiVersion: "apps/v1", kind: "Deployment", name: name, namespace: input.namespace, origin: origin)
        var item = YAMLTree.mapping([("name", object.text(container)), ("image", image)], at: origin)
        let volumeMounts = mounts.compactMap { mount -> YAMLTree? in
            guard let path = mount.mountPath else { return nil }
            return .mapping([("name", mount.volume), ("mountPath", path)], at: path.location)
        }
        if !volumeMounts.isEmpty { item["volumeMounts"] = .sequence(volumeMounts, at: origin) }
        object.set("spec", "template", "spec", "containers", to: .sequence([item], at: origin))
        let volumes = mounts.map { mount -> YAMLTree in
            .mapping([("name", mount.volume),
                      ("persistentVolumeClaim", .mapping([("claimName", mount.claimName)], at: mount.claimName.location))],
                     at: mount.volume.location)
        }
        if !volumes.isEmpty { object.set("spec", "template", "spec", "volumes", to: .sequence(volumes, at: origin)) }
        return object.tree
    }
}
