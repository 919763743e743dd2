// Placeholder interfaces until the substitution and ApplicationSet branch lands.
import AlmanacModel

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
