/// Kubernetes objects shaped as the chart would render them from the values in git, and how much
/// of the values was understood.
struct HelmRenderOutput: Sendable {
    /// Manifests (apiVersion, kind, metadata, spec …) whose scalars carry the values' locations.
    var objects: [YAMLTree]
    var model: Model
    /// What the objects leave out or guess, e.g. `persistence.data: size is a chart default (not in git)`.
    var notes: [String]

    enum Model: Sendable, Equatable {
        /// bjw-s app-template (common library), rendered by its own rules.
        case appTemplate
        /// A chart with a dedicated renderer (`velero`).
        case knownChart(String)
        /// Conventional keys (`image`, `service`, `ingress`, `persistence`) read heuristically.
        case commonKeys
        /// Nothing in the values was understood.
        case opaque
    }

    static let opaque = HelmRenderOutput(objects: [], model: .opaque, notes: [])
}
