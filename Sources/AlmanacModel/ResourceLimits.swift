/// The limits `almanac.yaml` can change (`limits:`), so a stray dump, a runaway folder or a
/// diagram no one can read cannot hang a build or run it out of memory. Each limit that is
/// reached gives a diagnostic; README, "Limits", lists these and the fixed ones.
public struct ResourceLimits: Hashable, Sendable, Codable {
    /// `limits.max_files`: files the walk lists before it stops (`scan.too-many-files`).
    public var maxFiles = 50_000
    /// `limits.max_file_size_mib`, in bytes: larger files are not read (`scan.file-too-large`).
    public var maxFileSize = 8 * 1024 * 1024
    /// `limits.diagram_seconds`: wall-clock time one Graphviz diagram of the repo may take to lay out.
    public var diagramSeconds = 20.0

    public init() {}
}
