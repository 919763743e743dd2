// Placeholder interfaces until the renderer, substitution and ApplicationSet branches land.
import AlmanacModel

struct HelmRenderInput: Sendable {
    var releaseName: String
    var namespace: String?
    var chartName: String
    var chartSource: String?
    var values: YAMLTree
    var chartVersion: String?
}

struct HelmRenderOutput: Sendable {
    var objects: [YAMLTree]
    var model: Model
    var notes: [String]
    enum Model: Sendable, Equatable { case appTemplate, knownChart(String), commonKeys, opaque }
}

enum HelmValuesRenderer {
    static func render(_ input: HelmRenderInput) -> HelmRenderOutput { HelmRenderOutput(objects: [], model: .opaque, notes: []) }
}

enum FluxSubstitution {
    struct Result: Equatable, Sendable { var text: String; var undefined: [String] }
    static func substitute(_ text: String, variables: [String: String]) -> Result { Result(text: text, undefined: []) }
}

enum ApplicationSetExpander {
    struct Context: Sendable {
        var isThisRepo: @Sendable (String) -> Bool
        var directories: @Sendable () -> [String]
        var files: @Sendable () -> [String]
        var readYAML: @Sendable (String) -> [YAMLTree]
    }
    struct Result: Sendable { var applications: [YAMLTree]; var diagnostics: [Diagnostic] }
    static func expand(_ appSet: YAMLTree, context: Context) -> Result { Result(applications: [], diagnostics: []) }
}
