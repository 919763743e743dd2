/// Renders a Helm release's values into the objects the chart would create, without the chart:
/// app-template by its own rules, a few known charts by theirs, anything else by common keys.
enum HelmValuesRenderer {
    static func render(_ input: HelmRenderInput) -> HelmRenderOutput {
        guard !input.values.entries.isEmpty else { return .opaque }
        if AppTemplateRenderer.recognises(input) {
            var renderer = AppTemplateRenderer(input)
            return renderer.render()
        }
        if VeleroChartRenderer.recognises(input) {
            var renderer = VeleroChartRenderer(input)
            return renderer.render()
        }
        if KubePrometheusStackRenderer.recognises(input) {
            return KubePrometheusStackRenderer(input).render()
        }
        var renderer = CommonChartRenderer(input)
        let common = renderer.render()
        return common.objects.isEmpty ? HelmRenderOutput(objects: [], model: .opaque, notes: common.notes) : common
    }
}
