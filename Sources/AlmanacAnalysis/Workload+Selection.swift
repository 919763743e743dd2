import AlmanacModel

extension Workload {
    /// Labels its pods carry, as selectors see them: the pod template's (the workload's own when
    /// the template has none), plus those CloudNativePG sets on an instance pod.
    ///
    /// The one answer for every selector match (network policies in the scorecard and in the
    /// topology, monitors, Velero, Service backends), so two checks cannot disagree about a pod.
    var selectableLabels: [KeyValue] {
        var labels = podLabels.isEmpty ? self.labels : podLabels
        if kind == .cnpgCluster {
            labels += [KeyValue("cnpg.io/cluster", ref.name), KeyValue("cnpg.io/podRole", "instance")]
        }
        return labels
    }
}
