import AlmanacModel

/// Renders bjw-s app-template values (v2–v4) the way the chart's common library would: controllers,
/// services, ingresses, routes, persistence, service monitors and simple raw resources.
struct AppTemplateRenderer {
    /// One enabled controller and the name its workload gets.
    struct Controller {
        var key: String
        var keyLocation: SourceLocation
        var values: YAMLTree
        var name: String
    }

    /// One enabled Service, for selectors and for ingress and route backends.
    struct ServiceTarget {
        var key: String
        var name: String
        /// The port a backend uses when none is given: the one marked `primary`, else the first.
        var primaryPort: YAMLTree?
    }

    let input: HelmRenderInput
    /// The values with `{{ .Release.Name }}` and `{{ .Release.Namespace }}` expanded, as `tpl` would.
    let values: YAMLTree
    let naming: AppTemplateNaming
    let controllers: [Controller]
    let services: [ServiceTarget]
    var objects: [YAMLTree] = []
    var notes: [String] = []

    static func recognises(_ input: HelmRenderInput) -> Bool {
        input.chartName == "app-template" || input.values["controllers"]?.isMapping == true
    }

    init(_ input: HelmRenderInput) {
        self.input = input
        let values = HelmNames.expandingRelease(input.values, release: input.releaseName, namespace: input.namespace)
        self.values = values
        let fullname = values[path: "global", "fullnameOverride"]?.string ?? input.releaseName
        let naming = AppTemplateNaming(
            generation: AppTemplateNaming.Generation(chartVersion: input.chartVersion), fullname: fullname,
            alwaysAppendIdentifier: values["global"]?.flag("alwaysAppendIdentifierToResourceName") == true)
        self.naming = naming
        let controllerItems = values["controllers"]?.enabledItems ?? []
        controllers = controllerItems.map { entry in
            Controller(key: entry.key, keyLocation: entry.keyLocation, values: entry.value,
                       name: naming.name(entry.key, values: entry.value, count: controllerItems.count, kind: .controller))
        }
        let serviceItems = values["service"]?.enabledItems ?? []
        services = serviceItems.map { entry in
            let ports = entry.value["ports"]?.enabledItems.sorted { $0.key < $1.key } ?? []
            let primary = ports.first { $0.value.flag("primary") == true } ?? ports.first
            return ServiceTarget(key: entry.key,
                                 name: naming.name(entry.key, values: entry.value, count: serviceItems.count, kind: .service),
                                 primaryPort: primary?.value["port"])
        }
    }

    mutating func render() -> HelmRenderOutput {
        let volumes = renderPersistence()
        for controller in controllers {
            if let object = workload(controller, volumes: volumes) { objects.append(object) }
        }
        renderServices()
        renderIngresses()
        renderRoutes()
        renderServiceMonitors()
        renderRawResources()
        return HelmRenderOutput(objects: objects, model: .appTemplate, notes: notes)
    }

    /// The selector label naming the controller: renamed from `component` in v4.
    var controllerLabel: String {
        naming.generation == .v4 ? "app.kubernetes.io/controller" : "app.kubernetes.io/component"
    }

    /// Labels the chart puts on a controller's pods and uses as selectors (its `name` is the release).
    func selectorLabels(controller key: String, at location: SourceLocation) -> [YAMLTree.Entry] {
        [YAMLTree.Entry(controllerLabel, .scalar(key, at: location)),
         YAMLTree.Entry("app.kubernetes.io/instance", .scalar(input.releaseName, at: location)),
         YAMLTree.Entry("app.kubernetes.io/name", .scalar(input.releaseName, at: location))]
    }

    /// The controller an item belongs to: the one it names, or the only one there is.
    func controllerKey(named name: String?) -> String? {
        if let name { return name }
        return controllers.count == 1 ? controllers[0].key : nil
    }

    /// Name of a `configMaps` / `secrets` / `serviceAccount` item referenced by `identifier`.
    func resourceName(in collection: String, identifier: String) -> String {
        let items = values[collection]?.enabledItems ?? []
        let item = items.first { $0.key == identifier }?.value ?? .mapping([], at: values.location)
        return naming.name(identifier, values: item, count: items.count, kind: .other)
    }

    mutating func workload(_ controller: Controller, volumes: [AttachedVolume]) -> YAMLTree? {
        let type = controller.values["type"]?.string ?? "deployment"
        let kinds = ["deployment": ("apps/v1", "Deployment"), "statefulset": ("apps/v1", "StatefulSet"),
                     "daemonset": ("apps/v1", "DaemonSet"), "cronjob": ("batch/v1", "CronJob"), "job": ("batch/v1", "Job")]
        guard let (apiVersion, kind) = kinds[type] else {
            notes.append("controllers.\(controller.key): type '\(type)' is not rendered")
            return nil
        }
        var object = ChartObject(apiVersion: apiVersion, kind: kind, name: controller.name,
                                    namespace: input.namespace, origin: controller.keyLocation)
        object.add(controller.values["labels"]?.entries ?? [], to: "metadata", "labels")
        object.add(controller.values["annotations"]?.entries ?? [], to: "metadata", "annotations")
        let template = podTemplate(controller, volumes: volumes)
        let matchLabels = YAMLTree(.mapping(selectorLabels(controller: controller.key, at: controller.keyLocation)),
                                   at: controller.keyLocation)
        switch kind {
        case "CronJob":
            let cronjob = controller.values["cronjob"]
            object.set("spec", "schedule", to: cronjob?["schedule"])
            for key in ["timeZone", "suspend", "concurrencyPolicy", "successfulJobsHistory", "failedJobsHistory"] {
                object.set("spec", key, to: cronjob?[key])
            }
            object.set("spec", "jobTemplate", "spec", "template", to: template)
        case "Job":
            object.set("spec", "template", to: template)
        default:
            if kind != "DaemonSet" { object.set("spec", "replicas", to: controller.values["replicas"]) }
            object.set("spec", "selector", "matchLabels", to: matchLabels)
            object.set("spec", "template", to: template)
        }
        if kind == "StatefulSet" {
            object.set("spec", "serviceName", to: controller.values[path: "statefulset", "serviceName"])
            object.set("spec", "volumeClaimTemplates", to: claimTemplates(controller))
        }
        return object.tree
    }
}
