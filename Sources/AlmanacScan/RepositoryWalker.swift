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
    struct Entry: Equatable {
        var path: String
        var size: Int
    }

    /// What the walk found: files to read and files skipped (both sorted by path), the skipped
    /// files that were too large, and where the walk stopped when the repo has too many files.
    struct Listing {
        var files: [Entry] = []
        var skipped: [SourceFile] = []
        /// Files over `maxFileSize`, by path, with their size (also in `skipped`).
        var oversized: [String: Int] = [:]
        /// The first path not listed because `maxFiles` entries were listed before it.
        var stoppedAt: String?
    }

    let root: URL
    /// Repo-relative paths not to enter (the output folder when it lives inside the repo).
    var excluded: Set<String> = []
    /// Largest file read, in bytes (`limits.max_file_size_mib`, 8 MiB by default): big enough for
    /// the largest values files seen in the wild (a few MB), small enough that a stray dump does
    /// not dominate the build.
    var maxFileSize = ResourceLimits().maxFileSize
    /// Files (read or skipped) listed before the walk stops (`limits.max_files`), so a runaway
    /// folder cannot take the build's time and memory.
    var maxFiles = ResourceLimits().maxFiles

    /// Files to read, and files skipped, both sorted by path; folder by folder, names sorted, until
    /// `maxFiles` are listed.
    func walk() -> Listing {
        var listing = Listing()
        walk(relative: "", into: &listing)
        listing.files.sort { $0.path < $1.path }
        listing.skipped.sort { $0.path < $1.path }
        return listing
    }

    private func walk(relative: String, into listing: inout Listing) {
        let directory = relative.isEmpty ? root : root.appendingPathComponent(relative)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.sorted() {
            guard listing.stoppedAt == nil else { return }
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            let url = root.appendingPathComponent(path)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                  let type = attributes[.type] as? FileAttributeType else { continue }
            if type != .typeDirectory, listing.files.count + listing.skipped.count >= maxFiles {
                listing.stoppedAt = path
                return
            }
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
                walk(relative: path, into: &listing)
            case .typeRegular:
                let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
                if size > maxFileSize {
                    listing.skipped.append(SourceFile(path: path, role: .skipped, size: size,
                                                      note: "larger than \(Self.mebibytes(maxFileSize))"))
                    listing.oversized[path] = size
                } else {
                    listing.files.append(Entry(path: path, size: size))
                }
            case .typeSymbolicLink:
                listing.skipped.append(SourceFile(path: path, role: .skipped, size: 0, note: "symbolic link, not followed"))
            default:
                listing.skipped.append(SourceFile(path: path, role: .skipped, size: 0, note: "not a regular file"))
            }
        }
    }

    /// "8 MiB", "1.5 MiB".
    static func mebibytes(_ bytes: Int) -> String {
        let value = Double(bytes) / 1_048_576
        return value == value.rounded() ? "\(Int(value)) MiB" : String(format: "%.1f MiB", value)
    }
}
