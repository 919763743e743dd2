import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
            for file in files where !Self.isSafe(file.path) {
                throw Failure(path: file.path, reason: "unsafe output path")
            }
            // Folders first (sorted, so parents come before children), then the files in parallel.
            let folders = Set(files.map { ($0.path as NSString).deletingLastPathComponent }).filter { !$0.isEmpty }
            for folder in folders.sorted() {
                try manager.createDirectory(at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            let errors = ErrorBox()
            let base = staging.path
            DispatchQueue.concurrentPerform(iterations: files.count) { index in
                let file = files[index]
                if let reason = Self.writeFile(base + "/" + file.path, file.data) {
                    errors.add(Failure(path: file.path, reason: reason))
                }
            }
            if let first = errors.first { throw first }
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

    /// Writes with POSIX calls: Foundation's `Data.write` costs about a millisecond a file here.
    /// Returns the error text, or nil on success.
    static func writeFile(_ path: String, _ data: Data) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        return data.withUnsafeBytes { buffer -> String? in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }

    /// Relative, no `..`, no absolute paths.
    static func isSafe(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }
}

private final class ErrorBox: @unchecked Sendable {
    private var errors: [SiteWriter.Failure] = []
    private let lock = NSLock()
    func add(_ error: SiteWriter.Failure) { lock.lock(); errors.append(error); lock.unlock() }
    var first: SiteWriter.Failure? { lock.lock(); defer { lock.unlock() }; return errors.min { $0.path < $1.path } }
}
