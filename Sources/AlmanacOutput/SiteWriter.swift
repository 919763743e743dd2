import Foundation

/// The output stage: writes a site to disk atomically. It builds a fresh tree beside the
/// destination, then swaps it in with two renames, so a failed build never damages the site
/// already being served. The only writer.
public struct SiteWriter {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public let destination: URL

    public init(destination: URL) {
        self.destination = destination.standardizedFileURL
    }

    /// Writes `files` (site-relative path → contents) and swaps them in.
    public func write(_ files: [(path: String, data: Data)]) throws {
        let manager = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)"
        let staging = parent.appendingPathComponent("\(name).almanac-tmp-\(suffix)")
        let retired = parent.appendingPathComponent("\(name).almanac-old-\(suffix)")
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: parent.path, reason: "cannot create folder (\(error.localizedDescription))")
        }
        try? manager.removeItem(at: staging)
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            var created = Set<String>()
            for file in files {
                guard Self.isSafe(file.path) else { throw Failure(path: file.path, reason: "unsafe output path") }
                let url = staging.appendingPathComponent(file.path)
                let folder = url.deletingLastPathComponent().path
                if !created.contains(folder) {
                    try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    created.insert(folder)
                }
                try file.data.write(to: url)
            }
        } catch {
            try? manager.removeItem(at: staging)
            if let failure = error as? Failure { throw failure }
            throw Failure(path: staging.path, reason: error.localizedDescription)
        }
        // Swap: the old tree steps aside, the new one takes its name, the old one is removed.
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: destination.path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue {
            try? manager.removeItem(at: staging)
            throw Failure(path: destination.path, reason: "exists and is not a folder")
        }
        do {
            if exists { try manager.moveItem(at: destination, to: retired) }
            try manager.moveItem(at: staging, to: destination)
        } catch {
            if exists, !manager.fileExists(atPath: destination.path) { try? manager.moveItem(at: retired, to: destination) }
            try? manager.removeItem(at: staging)
            throw Failure(path: destination.path, reason: "cannot replace the site (\(error.localizedDescription))")
        }
        try? manager.removeItem(at: retired)
    }

    /// Relative, no `..`, no absolute paths.
    static func isSafe(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }
}
