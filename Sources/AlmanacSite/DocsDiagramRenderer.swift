import Foundation
import Graphviz
#if canImport(Glibc)
import Glibc
#endif

/// Renders the DOT diagrams of documents (`.dot`/`.gv` files and ```` ```dot ```` blocks) to
/// SVG that is safe to inline, and byte-identical across builds.
///
/// Every diagram of the repo is laid out in a process of its own: `almanac-dot-worker`, built
/// with Almanac and found next to the running binary, or else Graphviz's own `dot` command.
/// Graphviz lays out graphs without clusters reproducibly in-process, but not clustered ones
/// (cluster order and widths vary from one layout to the next within a process); and a diagram is
/// text anyone can commit: a few lines can take a layout engine minutes or all the memory
/// (`a -> b [minlen=100000000]` crashed Almanac itself when laid out in-process). A worker runs
/// with 1 GiB of address space (`GraphvizLimits.workerMemoryBytes`) and is killed when it takes
/// longer than `limits.diagram_seconds`; the page then says the diagram was not drawn and why.
/// Graphs above `GraphvizLimits` are not laid out at all. Only when neither a worker nor `dot`
/// exists is a diagram laid out in-process, with the size limits alone.
public enum DocsDiagramRenderer {
    public enum Route: Equatable, Sendable {
        case inProcess
        case process(URL, arguments: [String])
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Wall-clock seconds one layout may take before its worker is killed (`limits.diagram_seconds`).
    public static let defaultLayoutSeconds = 20.0

    private static let cluster = try! NSRegularExpression(pattern: #"subgraph\s+"?cluster"#, options: [.caseInsensitive])

    /// True when the graph has a cluster subgraph.
    public static func isClustered(_ dot: String) -> Bool {
        cluster.firstMatch(in: dot, range: NSRange(dot.startIndex..., in: dot)) != nil
    }

    /// Where `dot` is laid out: in a worker process whenever there is one.
    public static func route(for dot: String) -> Route {
        processRoute ?? .inProcess
    }

    private static let processRoute: Route? = {
        // A worker that exits early must not take Almanac down with SIGPIPE while it writes the input.
        signal(SIGPIPE, SIG_IGN)
        let fileManager = FileManager.default
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            let worker = executable.deletingLastPathComponent().appendingPathComponent("almanac-dot-worker")
            if fileManager.isExecutableFile(atPath: worker.path) { return .process(worker, arguments: []) }
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let dot = URL(fileURLWithPath: String(folder)).appendingPathComponent("dot")
            if fileManager.isExecutableFile(atPath: dot.path) { return .process(dot, arguments: ["-Tsvg"]) }
        }
        return nil
    }()

    /// Sanitized SVG for `dot`, laid out within `layoutSeconds`. Each diagram is laid out once.
    public static func svg(dot: String, layoutSeconds: Double = defaultLayoutSeconds) throws -> String {
        let key = "\(layoutSeconds)\n" + dot
        if let known = results.value(for: key) { return try known.get() }
        let result = Result { () throws(Failure) -> String in
            let raw: String
            if let size = GraphvizRenderer.measure(dot: dot), size.isTooLarge {
                throw Failure(description: "the graph is too large to lay out: \(size.description)")
            }
            switch route(for: dot) {
            case .inProcess:
                do { raw = try GraphvizRenderer.svg(dot: dot) } catch { throw Failure(description: "\(error)") }
            case .process(let executable, var arguments):
                // The worker also stops itself after that much CPU time, should Almanac be killed meanwhile.
                if executable.lastPathComponent == "almanac-dot-worker" { arguments.append("\(Int(layoutSeconds.rounded(.up)) + 1)") }
                raw = try runProcess(executable, arguments: arguments, input: named(dot), seconds: layoutSeconds)
            }
            return DiagramSVGSanitizer.sanitize(raw, idPrefix: idPrefix(for: dot))
        }
        results.set(result, for: key)
        return try result.get()
    }

    /// Layouts of this process, by time limit and DOT text: a diagram file is shown inline and as a full-size
    /// file, and a diagram that fails must not cost its time limit twice.
    private static let results = ResultCache()

    /// A prefix for the SVG's ids that depends only on the DOT text (FNV-1a), so it is the same
    /// in every build and differs between diagrams.
    static func idPrefix(for dot: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in dot.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return "dg" + String(hash, radix: 16) + "-"
    }

    /// Names an anonymous graph, as the in-process renderer does, so `dot` prints no `%3`.
    static func named(_ dot: String) -> String {
        let trimmed = dot.drop { $0.isWhitespace }
        for header in ["strict digraph", "strict graph", "digraph", "graph"] where trimmed.hasPrefix(header) {
            let rest = trimmed.dropFirst(header.count).drop { $0.isWhitespace }
            return rest.hasPrefix("{") ? "\(header) G \(rest)" : dot
        }
        return dot
    }

    static func runProcess(_ executable: URL, arguments: [String], input: String,
                           seconds: Double = defaultLayoutSeconds) throws(Failure) -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        // A worker that crashes exits at once, without the Swift runtime's backtrace.
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do { try process.run() } catch { throw Failure(description: "\(executable.lastPathComponent): \(error)") }
        // Write on another thread so a large SVG cannot fill the output pipe while input is pending.
        let data = Data(input.utf8)
        let writer = DispatchQueue(label: "almanac.dot-input")
        writer.async {
            try? stdin.fileHandleForWriting.write(contentsOf: data)
            try? stdin.fileHandleForWriting.close()
        }
        let errorBox = DataBox(), outputBox = DataBox()
        let readers = DispatchGroup()
        DispatchQueue.global().async(group: readers) { errorBox.data = stderr.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: readers) { outputBox.data = stdout.fileHandleForReading.readDataToEndOfFile() }
        let timedOut = exited.wait(timeout: .now() + seconds) == .timedOut
        if timedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        readers.wait()
        if timedOut {
            throw Failure(description: "Graphviz did not finish laying out the graph within \(Self.seconds(seconds)); it was stopped")
        }
        guard process.terminationReason == .exit else {
            throw Failure(description: "Graphviz stopped laying out the graph (signal \(process.terminationStatus)): "
                + "it ran out of its \(GraphvizLimits.workerMemoryBytes >> 30) GiB of memory, or crashed")
        }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorBox.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: message.isEmpty ? "Graphviz could not lay out the graph" : message)
        }
        return String(decoding: outputBox.data, as: UTF8.self)
    }

    /// "20 s", "2.5 s".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

private final class ResultCache: @unchecked Sendable {
    private var results: [String: Result<String, DocsDiagramRenderer.Failure>] = [:]
    private let lock = NSLock()

    func value(for dot: String) -> Result<String, DocsDiagramRenderer.Failure>? {
        lock.lock()
        defer { lock.unlock() }
        return results[dot]
    }

    func set(_ result: Result<String, DocsDiagramRenderer.Failure>, for dot: String) {
        lock.lock()
        results[dot] = result
        lock.unlock()
    }
}

private final class DataBox: @unchecked Sendable {
    var data = Data()
}
