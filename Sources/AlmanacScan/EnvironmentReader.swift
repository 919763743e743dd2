import AlmanacModel

/// Per-environment settings from one file, if it is a Pulumi stack config or a Kustomize overlay.
/// Reads the file's parsed documents, whose secret values the scan has masked already.
enum EnvironmentReader {
    static func read(path: String, documents: [YAMLTree]) -> EnvironmentConfig? {
        guard let root = documents.first.map(YAMLNode.init) else { return nil }
        if PulumiStackReader.stackName(of: path) != nil {
            return PulumiStackReader.read(path: path, root: root)
        }
        return KustomizeOverlayReader.read(path: path, root: root)
    }
}
