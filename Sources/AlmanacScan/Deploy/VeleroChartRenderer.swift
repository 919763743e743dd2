import AlmanacModel

/// The Velero chart (vmware-tanzu/helm-charts): `schedules.<key>` become Schedules named
/// `<fullname>-<key>`, `configuration.backupStorageLocation` and `volumeSnapshotLocation` their objects.
struct VeleroChartRenderer {
    let input: HelmRenderInput
    let values: YAMLTree
    let fullname: String
    var objects: [YAMLTree] = []
    var notes: [String] = []

    static func recognises(_ input: HelmRenderInput) -> Bool { input.chartName == "velero" }

    init(_ input: HelmRenderInput) {
        self.input = input
        values = HelmNames.expandingRelease(input.values, release: input.releaseName, namespace: input.namespace)
        fullname = HelmNames.fullname(release: input.releaseName, chart: "velero", values: values)
    }

    mutating func render() -> HelmRenderOutput {
        if let image = values["image"], let reference = CommonChartRenderer.imageReference(image) {
            let origin = values.entries.first { $0.key == "image" }?.keyLocation ?? values.location
            var deployment = ChartObject(apiVersion: "apps/v1", kind: "Deployment", name: fullname,
                                            namespace: input.namespace, origin: origin)
            deployment.set("spec", "template", "spec", "containers",
                           to: .sequence([.mapping([("name", deployment.text("velero")), ("image", reference)],
                                                   at: origin)], at: origin))
            objects.append(deployment.tree)
        }
        renderSchedules()
        renderLocations(key: "backupStorageLocation", kind: "BackupStorageLocation")
        renderLocations(key: "volumeSnapshotLocation", kind: "VolumeSnapshotLocation")
        return HelmRenderOutput(objects: objects, model: .knownChart("velero"), notes: notes)
    }

    mutating func renderSchedules() {
        for entry in values["schedules"]?.entries ?? [] where entry.value.isMapping {
            let item = entry.value
            if item.flag("disabled") == true { continue }
            var schedule = ChartObject(apiVersion: "velero.io/v1", kind: "Schedule",
                                          name: HelmNames.trimmed("\(fullname)-\(entry.key)"),
                                          namespace: input.namespace, origin: entry.keyLocation)
            schedule.set("metadata", "labels", to: item["labels"])
            schedule.set("metadata", "annotations", to: item["annotations"])
            for key in ["schedule", "paused", "useOwnerReferencesInBackup", "skipImmediately", "template"] {
                schedule.set("spec", key, to: item[key])
            }
            if item["schedule"] == nil { notes.append("schedules.\(entry.key): no schedule") }
            objects.append(schedule.tree)
        }
    }

    /// A location list (newer charts) or a single mapping (older charts); unnamed ones are `default`.
    mutating func renderLocations(key: String, kind: String) {
        guard let entry = values["configuration"]?.entries.first(where: { $0.key == key }) else { return }
        let items = entry.value.isSequence ? entry.value.items : [entry.value]
        for item in items where item.isMapping && item["provider"] != nil {
            let name = item["name"]?.string ?? "default"
            var location = ChartObject(apiVersion: "velero.io/v1", kind: kind, name: name,
                                          namespace: input.namespace, origin: item.location)
            location.set("metadata", "annotations", to: item["annotations"])
            location.set("spec", "provider", to: item["provider"])
            for field in ["bucket", "prefix", "caCert"] { location.set("spec", "objectStorage", field, to: item[field]) }
            for field in ["config", "default", "accessMode", "credential", "validationFrequency"] {
                location.set("spec", field, to: item[field])
            }
            objects.append(location.tree)
        }
    }
}
