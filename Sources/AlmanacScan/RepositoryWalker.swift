import AlmanacModel
import Foundation

/// Lists the files of a repository: no symlinks followed, VCS/build/vendor folders skipped, and
/// every file either queued for reading or recorded as skipped with a reason.
struct RepositoryWalker {
    /// Folder names never entered.
    static let skippedFolders: Set<String> = [
        ".git", ".hg", ".svn", ".build", "node_modules", "vendor", ".terraform", ".venv", "venv", "__pycache__",
        ".idea", ".vscode", ".cache", ".direnv",
    ]
    /// Largest file read, in bytes: big enough for the largest values files seen in the wild
    /// (a few MB), small enough that a stray dump does not dominate the build.
    static let maxFileSize = 8 * 1024 * 1024

    struct Entry: Equatable {
        var path: String
        var size: Int
    }

    let root: URL
    /// Repo-relative paths not to enter (the output folder when it lives inside the repo).
    var excluded: Set<String> = []

    /// Files to read, and files skipped, both sorted by path.
    func walk() -> (files: [Entry], skipped: [SourceFile]) {
        var files: [Entry] = []
        var skipped: [SourceFile] = []
        walk(relative: "", into: &files, skipped: &skipped)
        return (files.sorted { $0.path < $1.path }, skipped.sorted { $0.path < $1.path })
    }

    private func walk(relative: String, into files: inout [Entry], skipped: inout [SourceFile]) {
        let directory = relative.isEmpty ? root : root.appendingPathComponent(relative)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.sorted() {
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            let url = root.appendingPathComponent(path)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                  let type = attributes[.type] as? FileAttributeType else { continue }
            switch type {
            case .typeDirectory:
                // A chart's own `charts/` holds vendored subcharts; a `charts/` folder elsewhere
                // holds the repo's in-repo charts, which HelmReleases and Applications install.
                let vendoredSubcharts = name == "charts"
                    && FileManager.default.fileExists(atPath: directory.appendingPathComponent("Chart.yaml").path)
                if Self.skippedFolders.contains(name) || vendoredSubcharts || name.hasPrefix(".build") || excluded.contains(path)
                    || name.contains(".almanac-tmp-") || name.contains(".almanac-old-") {
                    continue
                }
                walk(relative: path, into: &files, skipped: &skipped)
            case .typeRegular:
                let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
                if size > Self.maxFileSize {
                    skipped.append(SourceFile(path: path, role: .skipped, size: size,
                                              note: "larger than \(Self.maxFileSize / 1024 / 1024) MiB"))
                } else {
                    files.append(Entry(path: path, size: size))
                }
            case .typeSymbolicLink:
                skipped.append(SourceFile(path: path, role: .skipped, size: 0, note: "symbolic link, not followed"))
            default:
                skipped.append(SourceFile(path: path, role: .skipped, size: 0, note: "not a regular file"))
            }
        }
    }
}
