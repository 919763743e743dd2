import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The `almanac` executable built beside the test runner (`swift build --build-tests` builds every
/// product into the same folder as the tests).
func almanacBinary() throws -> URL {
    let directory = Bundle.main.executableURL?.deletingLastPathComponent() ?? Bundle.main.bundleURL
    let binary = directory.appendingPathComponent("almanac")
    try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no almanac binary beside the tests at \(binary.path)")
    return binary
}

/// One run of the `almanac` executable in a process of its own.
struct ProcessRun {
    var status: Int32
    var killed: Bool
    var stderr: String
    var seconds: Double
}

/// Runs `almanac` with `arguments` (and `environment` added to this process's) and waits for it.
func runAlmanac(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessRun {
    let process = Process()
    process.executableURL = try almanacBinary()
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    let started = Date()
    try process.run()
    let data = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessRun(status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal,
                      stderr: String(decoding: data, as: UTF8.self), seconds: Date().timeIntervalSince(started))
}

/// SplitMix64: a small seeded generator, so a run of random delays can be repeated exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The names beside `out` that a build's fresh or retired trees use (`site.almanac-…`).
func treesBeside(_ out: URL) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)) ?? []
    return names.filter { $0.hasPrefix(out.lastPathComponent + ".almanac-") }.sorted()
}

/// The first few paths where two trees differ (missing, extra or changed), for a failure message.
func differences(_ expected: [String: Data], _ actual: [String: Data], limit: Int = 5) -> [String] {
    let paths = Set(expected.keys).union(actual.keys).sorted()
    return Array(paths.filter { expected[$0] != actual[$0] }.prefix(limit).map { path in
        switch (expected[path], actual[path]) {
        case (nil, _): "extra \(path)"
        case (_, nil): "missing \(path)"
        default: "changed \(path)"
        }
    })
}

/// How many regular files are below `root`, without reading them (0 when it does not exist).
func fileCount(under root: URL) -> Int {
    guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return 0 }
    var count = 0
    for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        count += 1
    }
    return count
}

/// Runs `almanac` in a child process held to `memoryMiB` of address space (`ulimit -v`) and
/// killed after `seconds`: a test of a limit then fails by a time-out or an allocation failure
/// instead of hanging the suite or running the machine out of memory.
func runAlmanacBounded(_ arguments: [String], seconds: Double, memoryMiB: Int = 4_096) throws -> ProcessRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "ulimit -v \(memoryMiB * 1024) && exec \"$0\" \"$@\"", try almanacBinary().path] + arguments
    process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    let started = Date()
    try process.run()
    let box = StderrBox()
    let reader = DispatchQueue(label: "almanac-test.stderr")
    reader.async { box.data = errors.fileHandleForReading.readDataToEndOfFile() }
    var timedOut = false
    if exited.wait(timeout: .now() + seconds) == .timedOut {
        timedOut = true
        kill(process.processIdentifier, SIGKILL)
        exited.wait()
    }
    reader.sync {}
    return ProcessRun(status: process.terminationStatus, killed: timedOut || process.terminationReason == .uncaughtSignal,
                      stderr: String(decoding: box.data, as: UTF8.self), seconds: Date().timeIntervalSince(started))
}

private final class StderrBox: @unchecked Sendable {
    var data = Data()
}
