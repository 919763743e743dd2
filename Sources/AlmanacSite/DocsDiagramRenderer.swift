import Foundation
import Graphviz

/// Renders the DOT diagrams of documents (`.dot`/`.gv` files and ```` ```dot ```` blocks) to
/// SVG that is safe to inline, and byte-identical across builds.
///
/// Graphviz lays out graphs without clusters reproducibly in-process, but not clustered ones
/// (cluster order and widths vary from one layout to the next within a process). So a graph with
/// a `subgraph cluster…` is laid out in a fresh process: `almanac-dot-worker`, built with Almanac
/// and found next to the running binary, or else Graphviz's own `dot` command. Only when neither
/// exists is it laid out in-process.
public enum DocsDiagramRenderer {
    public enum Route: Equatable, Sendable {
        case inProcess
        case process(URL, arguments: [String])
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    private static let cluster = try! NSRegularExpression(pattern: #"subgraph\s+"?cluster"#, options: [.caseInsensitive])

    /// True when the graph has a cluster subgraph.
    public static func isClustered(_ dot: String) -> Bool {
        cluster.firstMatch(in: dot, range: NSRange(dot.startIndex..., in: dot)) != nil
    }

    /// Where `dot` is laid out.
    public static func route(for dot: String) -> Route {
        guard isClustered(dot) else { return .inProcess }
        return processRoute ?? .inProcess
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

    /// Sanitized SVG for `dot`.
    public static func svg(dot: String) throws -> String {
        let raw: String
        switch route(for: dot) {
        case .inProcess:
            do { raw = try GraphvizRenderer.svg(dot: dot) } catch { throw Failure(description: "\(error)") }
        case .process(let executable, let arguments):
            raw = try runProcess(executable, arguments: arguments, input: named(dot))
        }
        return DiagramSVGSanitizer.sanitize(raw, idPrefix: idPrefix(for: dot))
    }

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

    static func runProcess(_ executable: URL, arguments: [String], input: String) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { throw Failure(description: "\(executable.lastPathComponent): \(error)") }
        // Write on another thread so a large SVG cannot fill the output pipe while input is pending.
        let data = Data(input.utf8)
        let writer = DispatchQueue(label: "almanac.dot-input")
        writer.async {
            try? stdin.fileHandleForWriting.write(contentsOf: data)
            try? stdin.fileHandleForWriting.close()
        }
        let errorBox = DataBox()
        let reader = DispatchQueue(label: "almanac.dot-errors")
        reader.async { errorBox.data = stderr.fileHandleForReading.readDataToEndOfFile() }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        reader.sync {}
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorBox.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: message.isEmpty ? "Graphviz could not lay out the graph" : message)
        }
        return String(decoding: output, as: UTF8.self)
    }
}

private final class DataBox: @unchecked Sendable {
    var data = Data()
}
