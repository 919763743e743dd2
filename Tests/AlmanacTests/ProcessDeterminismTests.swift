import Foundation
import Testing

/// Two `almanac build` processes on the sample repo write byte-identical sites: every file, the
/// search index and the SVG of every diagram included. `SampleSiteTests.twoBuildsAreByteIdentical`
/// builds twice in one process, which cannot see state that differs from one process to the next
/// (Graphviz's process-wide counters, hash seeds, thread timing, the order child processes finish
/// in). The sample repo has clustered diagrams (laid out by `almanac-dot-worker` processes), the
/// dependency graph clustered by category in `graph.dot`, and graphs laid out in-process.
@Suite struct ProcessDeterminismTests {
    @Test func twoProcessesWriteByteIdenticalSites() throws {
        let binary = try almanacBinary()
        // The second build runs on one CPU where taskset exists, so its threads interleave differently.
        let taskset = URL(fileURLWithPath: "/usr/bin/taskset")
        let pinned = FileManager.default.isExecutableFile(atPath: taskset.path)
        var sites: [[String: Data]] = []
        for run in 0..<2 {
            let out = temporaryDirectory("process-determinism-\(run)")
            defer { try? FileManager.default.removeItem(at: out) }
            let process = Process()
            let arguments = ["build", SampleSiteTests.content.path, "--out", out.path, "--quiet"]
            if run == 1 && pinned {
                process.executableURL = taskset
                process.arguments = ["--cpu-list", "0", binary.path] + arguments
            } else {
                process.executableURL = binary
                process.arguments = arguments
            }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus <= 1)
            sites.append(files(under: out))
        }
        let (first, second) = (sites[0], sites[1])
        #expect(first.count > 1_000)
        // What the comparison must cover: the search index, clustered diagrams, the graphs.
        #expect(first.keys.contains { $0.hasPrefix("assets/search/") })
        let flow = String(decoding: first["assets/files/docs/architecture/diagrams/gitops-flow.dot.svg"] ?? Data(), as: UTF8.self)
        #expect(flow.contains("class=\"cluster\""), "the clustered diagram was not laid out")
        #expect(String(decoding: first["graph.dot"] ?? Data(), as: UTF8.self).contains("subgraph \"cluster_"))
        #expect(Set(first.keys) == Set(second.keys), "\(differences(first, second))")
        let different = first.keys.filter { first[$0] != second[$0] }.sorted()
        #expect(different.isEmpty, "\(different.count) files differ between processes: \(different.prefix(10))")
    }
}
