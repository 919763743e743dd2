// almanac-dot-worker: reads DOT on stdin, writes SVG on stdout (exit 1 and the Graphviz message on
// stderr when it cannot). Almanac runs one of these per clustered graph, because Graphviz lays
// out clustered graphs reproducibly only once per process; see DocsDiagramRenderer.
import Foundation
import Graphviz

let input = FileHandle.standardInput.readDataToEndOfFile()
do {
    let svg = try GraphvizRenderer.svg(dot: String(decoding: input, as: UTF8.self))
    FileHandle.standardOutput.write(Data(svg.utf8))
    exit(0)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
