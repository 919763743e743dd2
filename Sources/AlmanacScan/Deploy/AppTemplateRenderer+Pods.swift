import AlmanacModel

extension AppTemplateRenderer {
    /// `defaultPodOptions` under the controller's `pod`: key by key, or deep with `defaultPodOptionsStrategy: merge`.
    func podOptions(_ controller: Controller) -> YAMLTree {
        let defaults = values["defaultPodOptions"] ?? .mapping([], at: controller.keyLocation)
        guard let own = controller.values["pod"], own.isMapping else { return defaults }
        if values["defaultPodOptionsStrategy"]?.string == "merge" { return defaults.merged(with: own) }
        var options = defaults.isMapping ? defaults : .mapping([], at: own.location)
        for entry in own.entries { options[entry.key] = entry.value }
        return options
    }

    mutating func podTemplate(_ controller: Controller, volumes: [AttachedVolume]) -> YAMLTree {
        let location = controller.keyLocation
        let options = podOptions(controller)
        var pod = YAMLTree.mapping([], at: location)
        var labels = YAMLTree(.mapping(selectorLabels(controller: controller.key, at: location)), at: location)
        for entry in options["labels"]?.entries ?? [] { labels[entry.key] = entry.value }
        pod.set(["metadata", "labels"], to: labels)
        if let annotations = options["annotations"], !annotations.isEmptyCollection {
            pod.set(["metadata", "annotations"], to: annotations)
        }
        var spec = YAMLTree.mapping([], at: location)
        for entry in options.entries where !["labels", "annotations"].contains(entry.key) {
            spec[entry.key] = entry.value
        }
        if let account = controller.values["serviceAccount"] {
            if let name = account["name"] {
                spec["serviceAccountName"] = name
            } else if let identifier = account["identifier"]?.string {
                spec["serviceAccountName"] = .scalar(resourceName(in: "serviceAccount", identifier: identifier),
                                                     at: account["identifier"]?.location ?? location)
            }
        }
        // Claim templates are mounted like persistence items but are no pod volumes.
        let claimMounts = controller.values["type"]?.string == "statefulset" ? claimTemplateMounts(controller) : []
        for field in ["initContainers", "containers"] {
            let items = (controller.values[field]?.enabledItems ?? []).sorted { $0.key < $1.key }
            let rendered = items.map { entry in
                container(entry, controller: controller,
                          mounts: (volumes + claimMounts).flatMap { $0.mounts(controller: controller.key, container: entry.key) })
            }
            if !rendered.isEmpty { spec[field] = .sequence(rendered, at: controller.values[field]?.location ?? location) }
        }
        let podVolumes = volumes.filter { $0.attaches(to: controller.key) }.map(\.volume)
        if !podVolumes.isEmpty { spec["volumes"] = .sequence(podVolumes, at: location) }
        pod["spec"] = spec
        return pod
    }

    /// One container; `defaultContainerOptions` fill in the keys it does not set.
    mutating func container(_ entry: YAMLTree.Entry, controller: Controller, mounts: [YAMLTree]) -> YAMLTree {
        var options = controller.values["defaultContainerOptions"] ?? values["defaultContainerOptions"]
            ?? .mapping([], at: entry.keyLocation)
        for own in entry.value.entries { options[own.key] = own.value }
        let path = "controllers.\(controller.key).\(entry.key)"
        var container = YAMLTree.mapping([], at: entry.keyLocation)
        container["name"] = .scalar(entry.key, at: entry.keyLocation)
        if let image = options["image"] {
            if let text = Self.imageReference(image) {
                container["image"] = text
            } else {
                notes.append("\(path): image has no repository")
            }
            if let policy = image["pullPolicy"] { container["imagePullPolicy"] = policy }
        }
        for key in ["command", "args"] { if let value = options[key] { container[key] = value.asSequence } }
        for key in ["workingDir", "ports", "resources", "securityContext", "lifecycle", "restartPolicy", "stdin", "tty",
                    "terminationMessagePath", "terminationMessagePolicy"] {
            if let value = options[key] { container[key] = value }
        }
        if let env = options["env"], let list = Self.envList(env) { container["env"] = list }
        if let envFrom = options["envFrom"] { container["envFrom"] = envFromList(envFrom) }
        for (key, field) in [("liveness", "livenessProbe"), ("readiness", "readinessProbe"), ("startup", "startupProbe")] {
            guard let probe = options[path: "probes", key], !probe.isDisabled else { continue }
            if let rendered = Self.probe(probe) {
                container[field] = rendered
            } else {
                notes.append("\(path): \(key) probe uses chart defaults (port, type), not rendered")
            }
        }
        if !mounts.isEmpty { container["volumeMounts"] = .sequence(mounts, at: entry.keyLocation) }
        return container
    }

    /// `repository:tag`, keeping a digest written into the tag (`1.2@sha256:…`) or given as `digest`.
    static func imageReference(_ image: YAMLTree) -> YAMLTree? {
        if let text = image.string { return image.isMapping ? nil : .scalar(text, at: image.location) }
        guard let repository = image["repository"]?.string else { return nil }
        var text = repository
        if let tag = image["tag"]?.string { text += ":\(tag)" }
        if let digest = image["digest"]?.string { text += "@\(digest)" }
        return .scalar(text, at: image["repository"]?.location ?? image.location)
    }

    /// `env` as a map of name → value, name → `{value}` / `{valueFrom}` / `{secretKeyRef …}`, or a list.
    static func envList(_ env: YAMLTree) -> YAMLTree? {
        if env.isSequence { return env }
        guard env.isMapping else { return nil }
        let items = env.entries.sorted { $0.key < $1.key }.map { entry -> YAMLTree in
            var item = YAMLTree.mapping([("name", .scalar(entry.key, at: entry.keyLocation))], at: entry.keyLocation)
            let value = entry.value
            if !value.isMapping {
                if !value.isNull { item["value"] = value }
            } else if let literal = value["value"] {
                item["value"] = literal
            } else if let from = value["valueFrom"] {
                item["valueFrom"] = from
            } else {
                item["valueFrom"] = value
            }
            return item
        }
        return .sequence(items, at: env.location)
    }

    /// `envFrom` items: Kubernetes' own shape, or the chart's `secret: name` / `configMap: name` shorthands.
    func envFromList(_ envFrom: YAMLTree) -> YAMLTree {
        let items = envFrom.items.map { item -> YAMLTree in
            for (short, ref, collection) in [("secret", "secretRef", "secrets"), ("configMap", "configMapRef", "configMaps")] {
                if let name = item[short] {
                    return .mapping([(ref, .mapping([("name", name)], at: name.location))], at: item.location)
                }
                if let identifier = item[ref]?["identifier"] {
                    let resolved = resourceName(in: collection, identifier: identifier.string ?? "")
                    return .mapping([(ref, .mapping([("name", .scalar(resolved, at: identifier.location))],
                                                          at: identifier.location))], at: item.location)
                }
            }
            return item
        }
        return .sequence(items, at: envFrom.location)
    }

    /// A probe from `custom: true` + `spec`, or from an explicit `type` and `port`; nil when it relies on chart defaults.
    static func probe(_ probe: YAMLTree) -> YAMLTree? {
        let spec = probe["spec"] ?? .mapping([], at: probe.location)
        if probe.flag("custom") == true { return probe["spec"] }
        guard let port = probe["port"] ?? spec[path: "httpGet", "port"] ?? spec[path: "tcpSocket", "port"] else { return nil }
        var rendered = spec
        switch probe["type"]?.string?.uppercased() ?? "TCP" {
        case "HTTP", "HTTPS":
            var get = YAMLTree.mapping([("port", port)], at: port.location)
            get["path"] = probe["path"] ?? spec[path: "httpGet", "path"]
            if probe["type"]?.string?.uppercased() == "HTTPS", let type = probe["type"] {
                get["scheme"] = .scalar("HTTPS", at: type.location)
            }
            rendered["httpGet"] = get
        case "GRPC":
            rendered["grpc"] = .mapping([("port", port)], at: port.location)
        default:
            rendered["tcpSocket"] = .mapping([("port", port)], at: port.location)
        }
        return rendered
    }
}
