import AlmanacModel

/// Per-environment settings from one file, if it is a Pulumi stack config or a Kustomize overlay.
enum EnvironmentReader {
    struct Result {
        var environment: EnvironmentConfig?
        /// Lines whose values must not be shown in the file's source view.
        var redactions: [ClosedRange<Int>] = []
    }

    static func read(path: String, text: String) -> Result {
        if PulumiStackReader.stackName(of: path) != nil {
            let stack = PulumiStackReader.read(path: path, text: text)
            return Result(environment: stack.environment, redactions: stack.redactions)
        }
        if let (overlay, redactions) = KustomizeOverlayReader.read(path: path, text: text) {
            return Result(environment: overlay, redactions: redactions)
        }
        return Result()
    }
}
