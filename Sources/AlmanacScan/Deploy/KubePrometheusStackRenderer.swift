import AlmanacModel

/// kube-prometheus-stack (prometheus-community): the Prometheus and Alertmanager volumes that its
/// values declare (`prometheusSpec.storageSpec`, `alertmanagerSpec.storage`), as the operator's
/// StatefulSets claim them, plus everything the common keys find (Grafana's ingress, routes).
/// Names follow the chart: fullname cut to 26 characters, `-prometheus`/`-alertmanager` unless
/// `cleanPrometheusOperatorObjectNames`, StatefulSet `prometheus-<name>`, claim `prometheus-<name>-db`.
struct KubePrometheusStackRenderer {
    let input: HelmRenderInput
    let values: YAMLTree

    static func recognises(_ input: HelmRenderInput) -> Bool { input.chartName == "kube-prometheus-stack" }

    init(_ input: HelmRenderInput) {
        self.input = input
        values = HelmNames.expandingRelease(input.values, release: input.releaseName, namespace: input.namespace)
    }

    func render() -> HelmRenderOutput {
        var common = CommonChartRenderer(input)
        var output = common.render()
        var fullname = HelmNames.fullname(release: input.releaseName, chart: "kube-prometheus-stack", values: values)
        if values["fullnameOverride"]?.string == nil { fullname = String(fullname.prefix(26)) }
        while fullname.hasSuffix("-") { fullname.removeLast() }
        let commonCount = output.objects.count
        let clean = values["cleanPrometheusOperatorObjectNames"]?.string == "true"
        let stores: [(component: String, spec: String, storage: String)] = [
            ("prometheus", "prometheusSpec", "storageSpec"), ("alertmanager", "alertmanagerSpec", "storage"),
        ]
        for store in stores {
            guard values[store.component]?["enabled"]?.string != "false",
                  let template = values.value(at: [store.component, store.spec, store.storage, "volumeClaimTemplate"]) else { continue }
            let name = clean ? fullname : "\(fullname)-\(store.component)"
            let statefulSet = "\(store.component)-\(name)"
            let claimName = template[path: "metadata", "name"]?.string ?? "\(store.component)-\(name)-db"
            let origin = template.location
            var object = ChartObject(apiVersion: "apps/v1", kind: "StatefulSet", name: statefulSet, namespace: input.namespace, origin: origin)
            object.set("spec", "replicas", to: values.value(at: [store.component, store.spec, "replicas"]))
            var claim: [(String, YAMLTree)] = [("metadata", .mapping([("name", object.text(claimName))], at: origin))]
            if let spec = template["spec"] { claim.append(("spec", spec)) }
            object.set("spec", "volumeClaimTemplates", to: .sequence([.mapping(claim, at: origin)], at: origin))
            output.objects.append(object.tree)
        }
        let model: HelmRenderOutput.Model = output.objects.count > commonCount ? .knownChart("kube-prometheus-stack")
            : (output.objects.isEmpty ? .opaque : output.model)
        return HelmRenderOutput(objects: output.objects, model: model, notes: output.notes)
    }
}
