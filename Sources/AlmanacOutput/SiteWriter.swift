import CFileExchange
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The output stage: writes a site to disk atomically. It builds a fresh tree beside the
/// destination (`site.almanac-tmp-<pid>`), then exchanges it with the destination in one atomic
/// step (`renameat2` with `RENAME_EXCHANGE`), so the destination is at every moment either the
/// complete old site or the complete new one — a failed or killed build never damages the site
/// being served. The only writer.
///
/// Each build holds an exclusive `flock` on its fresh tree for as long as it runs (the kernel
/// drops it when the process dies, however it dies). The next build removes every tree beside
/// the destination that no running build holds: what killed builds left behind.
public struct SiteWriter: Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
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
        let session = try begin()
        do {
            let errors = ErrorBox()
            DispatchQueue.concurrentPerform(iterations: files.count) { index in
                do { try session.write(path: files[index].path, data: files[index].data) } catch let failure as Failure {
                    errors.add(failure)
                } catch {
                    errors.add(Failure(path: files[index].path, reason: "\(error)"))
                }
            }
            if let first = errors.first { throw first }
        } catch {
            session.abort()
            throw error
        }
        try session.commit()
    }

    /// The prefixes of the trees a build makes beside the destination: its fresh tree, and the
    /// old site set aside where the file system cannot exchange two folders.
    static let treeMarkers = [".almanac-tmp-", ".almanac-old-"]

    /// Starts a fresh tree beside the destination: files go into it as they are ready
    /// (`Session.write`, from any thread), and `commit` swaps it in. So a site is never held in
    /// memory whole, and a failed build still never touches the site being served. Trees left
    /// beside the destination by builds that were killed are removed first.
    public func begin() throws -> Session {
        let manager = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)"
        let staging = parent.appendingPathComponent("\(name)\(Self.treeMarkers[0])\(suffix)")
        let retired = parent.appendingPathComponent("\(name)\(Self.treeMarkers[1])\(suffix)")
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: parent.path, reason: "cannot create folder (\(error.localizedDescription))")
        }
        removeAbandonedTrees()
        try? manager.removeItem(at: staging)
        guard mkdir(staging.path, 0o755) == 0 else {
            throw Failure(path: staging.path, reason: "cannot create folder (\(String(cString: strerror(errno))))")
        }
        // Held until the build ends; O_CLOEXEC so no child process (a Graphviz worker, git) keeps it.
        let lock = open(staging.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if lock >= 0 { _ = flock(lock, LOCK_EX | LOCK_NB) }
        return Session(destination: destination, staging: staging, retired: retired, lock: lock)
    }

    /// Removes the trees beside the destination that no running build holds (its `flock` is
    /// free): those of builds that were killed or crashed. A tree whose lock is taken belongs to
    /// a build still running into the same folder and is left alone.
    public func removeAbandonedTrees() {
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for entry in names where Self.treeMarkers.contains(where: { entry.hasPrefix(name + $0) }) {
            let path = parent.appendingPathComponent(entry).path
            let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard descriptor >= 0 else {
                if errno == ENOTDIR || errno == ELOOP { unlink(path) }  // a file or link under a tree's name
                continue
            }
            defer { close(descriptor) }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// One build's fresh tree. `write` is safe to call from several threads at once.
    public final class Session: @unchecked Sendable {
        let destination: URL
        let staging: URL
        let retired: URL
        private let base: String
        private let lock = NSLock()
        private var folders: Set<String> = [""]
        private var finished = false
        /// The open fresh tree whose `flock` marks it as in use (-1 when it could not be opened).
        private var treeLock: Int32

        init(destination: URL, staging: URL, retired: URL, lock: Int32) {
            self.destination = destination
            self.staging = staging
            self.retired = retired
            self.base = staging.path
            self.treeLock = lock
        }

        deinit { releaseTree() }

        private func releaseTree() {
            if treeLock >= 0 { close(treeLock) }
            treeLock = -1
        }

        /// Writes one file (its folders are made as needed). A later write to the same path wins.
        public func write(path: String, data: Data) throws {
            guard SiteWriter.isSafe(path) else { throw Failure(path: path, reason: "unsafe output path") }
            try makeFolder(SiteWriter.parent(of: path))
            if let reason = SiteWriter.writeFile(base + "/" + path, data) { throw Failure(path: path, reason: reason) }
        }

        /// Makes the folders of `folder` not made yet, shallowest first, with one `mkdir` each and
        /// no lock held while the disk works (two threads making the same folder is harmless).
        private func makeFolder(_ folder: String) throws {
            var missing: [String] = []
            lock.lock()
            var current = folder
            while !current.isEmpty, !folders.contains(current) {
                missing.append(current)
                current = SiteWriter.parent(of: current)
            }
            lock.unlock()
            guard !missing.isEmpty else { return }
            for path in missing.reversed() where mkdir(base + "/" + path, 0o755) != 0 && errno != EEXIST {
                throw Failure(path: path, reason: "cannot create folder (\(String(cString: strerror(errno))))")
            }
            lock.lock()
            folders.formUnion(missing)
            lock.unlock()
        }

        /// Drops the fresh tree; the site being served stays as it was.
        public func abort() {
            lock.lock()
            defer { lock.unlock() }
            guard !finished else { return }
            finished = true
            try? FileManager.default.removeItem(at: staging)
            releaseTree()
        }

        /// Swaps the fresh tree in. The destination and the fresh tree exchange names in one
        /// atomic step, then the old site (now under the fresh tree's name) is removed. A first
        /// build renames its tree into place. Where the file system cannot exchange two folders,
        /// the old site steps aside and the new one takes its name: two renames, with a moment
        /// between them when the destination is missing.
        public func commit() throws {
            lock.lock()
            finished = true
            lock.unlock()
            defer { releaseTree() }
            let manager = FileManager.default
            var status = stat()
            let exists = stat(destination.path, &status) == 0
            if exists && (status.st_mode & S_IFMT) != S_IFDIR {
                try? manager.removeItem(at: staging)
                throw Failure(path: destination.path, reason: "exists and is not a folder")
            }
            SiteWriter.pauseForTests()
            if !exists {
                if rename(staging.path, destination.path) == 0 { return }
                // Another build may have made the destination since: exchange with it then.
                guard errno == ENOTEMPTY || errno == EEXIST else {
                    let reason = String(cString: strerror(errno))
                    try? manager.removeItem(at: staging)
                    throw Failure(path: destination.path, reason: "cannot move the site into place (\(reason))")
                }
            }
            if almanac_exchange_paths(staging.path, destination.path) == 0 {
                SiteWriter.pauseForTests()
                try? manager.removeItem(at: staging)
                return
            }
            let exchangeError = errno
            guard [EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP].contains(exchangeError) else {
                try? manager.removeItem(at: staging)
                throw Failure(path: destination.path,
                              reason: "cannot replace the site (\(String(cString: strerror(exchangeError))))")
            }
            do {
                try manager.moveItem(at: destination, to: retired)
                SiteWriter.pauseForTests()
                try manager.moveItem(at: staging, to: destination)
            } catch {
                if !manager.fileExists(atPath: destination.path) { try? manager.moveItem(at: retired, to: destination) }
                try? manager.removeItem(at: staging)
                throw Failure(path: destination.path, reason: "cannot replace the site (\(error.localizedDescription))")
            }
            try? manager.removeItem(at: retired)
        }
    }

    /// A pause at each step of the swap, for the kill test only (`ALMANAC_TEST_SWAP_PAUSE_MS`):
    /// steps microseconds apart are out of reach of a kill at a random moment, so the test widens
    /// the gaps between them.
    static let swapPause: UInt32 = {
        guard let text = ProcessInfo.processInfo.environment["ALMANAC_TEST_SWAP_PAUSE_MS"],
              let milliseconds = UInt32(text), milliseconds <= 10_000 else { return 0 }
        return milliseconds * 1_000
    }()

    static func pauseForTests() {
        if swapPause > 0 { usleep(swapPause) }
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

    /// `a/b/c.html` → `a/b`; `c.html` → "".
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
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
