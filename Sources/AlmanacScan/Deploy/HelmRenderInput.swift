/// What a Helm release deploys, as far as its values in git say: the release and its merged values.
struct HelmRenderInput: Sendable {
    /// HelmRelease name / `releaseName`, or Argo app name / `helm.releaseName`.
    var releaseName: String
    /// Release namespace.
    var namespace: String?
    /// `app-template`, `velero`, `ingress-nginx` … (the last URL segment for OCI).
    var chartName: String
    /// Repository or OCI URL when known.
    var chartSource: String?
    /// Merged values (already merged by the caller); may be an empty mapping.
    var values: YAMLTree
    /// Chart version as pinned in git (`4.1.1`, `3.x`); picks app-template's naming rules, v4 when unknown.
    var chartVersion: String?

    init(releaseName: String, namespace: String?, chartName: String, chartSource: String? = nil,
         values: YAMLTree, chartVersion: String? = nil) {
        self.releaseName = releaseName
        self.namespace = namespace
        self.chartName = chartName
        self.chartSource = chartSource
        self.values = values
        self.chartVersion = chartVersion
    }
}
