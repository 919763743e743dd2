// almanac-dot-worker: reads DOT on stdin, writes SVG on stdout (exit 1 and the Graphviz message on
// stderr when it cannot). Almanac lays out every diagram of the repo in one of these: Graphviz
// lays out clustered graphs reproducibly only once per process, and a process can be held to a
// memory limit and killed when it takes too long, where a layout in Almanac's own process could
// take it down (see DocsDiagramRenderer). The graph size limits apply here too (GraphvizLimits).
import Foundation
import Graphviz
#if canImport(Glibc)
import Glibc
#endif

// Graphviz fails inside this address space instead of running the machine out of memory.
var memory = rlimit(rlim_cur: rlim_t(GraphvizLimits.workerMemoryBytes), rlim_max: rlim_t(GraphvizLimits.workerMemoryBytes))
_ = setrlimit(Int32(RLIMIT_AS.rawValue), &memory)

// `almanac-dot-worker SECONDS`: CPU time the layout may take. Almanac kills a worker when the
// layout's wall-clock time runs out; this stops one whose Almanac was itself killed meanwhile.
if CommandLine.arguments.count > 1, let seconds = Int(CommandLine.arguments[1]), seconds > 0 {
    var cpu = rlimit(rlim_cur: rlim_t(seconds), rlim_max: rlim_t(seconds + 5))
    _ = setrlimit(Int32(RLIMIT_CPU.rawValue), &cpu)
}

let input = FileHandle.standardInput.readDataToEndOfFile()
do {
    let svg = try GraphvizRenderer.svg(dot: String(decoding: input, as: UTF8.self))
    FileHandle.standardOutput.write(Data(svg.utf8))
    exit(0)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
