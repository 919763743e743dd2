import AlmanacModel
@testable import AlmanacScan
import Foundation
import Graphviz
import Testing

/// Each limit of README "Limits": a repo past it gives its diagnostic, at its path and line, and
/// the build finishes promptly. The tests of limits that guard against a hang, a crash or running
/// out of memory run `almanac` in a child process held to 4 GiB and a time-out, so that without
/// the limit they fail instead of taking the suite down.
@Suite struct ResourceLimitTests {
    // MARK: YAML aliases

    /// Nine anchors of nine aliases each: 9⁹ (387 million) nodes from 300 bytes.
    static let billionLaughs = """
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: lol}
    data:
      a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
      b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
      c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
      d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
      e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
      f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
      g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
      h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
      i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """

    @Test func billionLaughsStopsAtTheAliasLimitAndTheRestOfTheFileCounts() throws {
        let repo = try FixtureRepo("""
        -- apps/lol/configmap.yaml --
        \(Self.billionLaughs)
        ---
        # An alias used as a key: Yams hashes every key while composing, so this one is checked first.
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: keys}
        data:
          base: &k [[1,2,3,4,5,6,7,8,9],[1,2,3,4,5,6,7,8,9],[1,2,3,4,5,6,7,8,9],[1,2,3,4,5,6,7,8,9]]
          l1: &l1 [*k,*k,*k,*k,*k,*k,*k,*k,*k,*k]
          l2: &l2 [*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1]
          l3: &l3 [*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2]
          l4: &l4 [*l3,*l3,*l3,*l3,*l3,*l3,*l3,*l3,*l3,*l3]
          l5: &l5 [*l4,*l4,*l4,*l4,*l4,*l4,*l4,*l4,*l4,*l4]
          ? *l5
          : boom
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: lol, labels: {app.kubernetes.io/name: lol}}
        spec:
          template:
            spec:
              containers: [{name: lol, image: "lol:1", resources: {requests: {cpu: 1m}, limits: {memory: 1Mi}}}]
        """)
        defer { repo.remove() }
        let run = try runAlmanacBounded(["check", repo.path, "--no-git-history"], seconds: 60)
        #expect(!run.killed, "almanac was killed (time-out or out of memory) after \(run.seconds) s")
        #expect(run.seconds < 20)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        // a (10 nodes), b (91), c (820), d (7,381), e (66,430): the first *e in f passes 100,000.
        #expect(lines.contains { $0.hasPrefix("apps/lol/configmap.yaml:10:") && $0.hasSuffix("[yaml.alias-limit]") },
                "\(run.stderr)")
        // The second document stops at l4, before Yams ever hashes the key *l5 (4.5 million nodes).
        #expect(lines.contains { $0.hasPrefix("apps/lol/configmap.yaml:24:") && $0.hasSuffix("[yaml.alias-limit]") },
                "\(run.stderr)")
        // The third document of the file is still read: the Deployment makes a service.
        #expect(run.stderr.contains("1 service checked"), "\(run.stderr)")
    }

    @Test func aliasesWithinTheLimitAreComposedAsBefore() throws {
        // Merge keys and aliases of small anchors, as values files use them.
        var text = "defaults: &defaults {cpu: 10m, memory: 32Mi, replicas: 1}\n"
        for index in 0..<500 { text += "app\(index): {<<: *defaults, name: app\(index)}\n" }
        let node = try #require(try YAMLLimits.compose(text))
        let tree = YAMLTree(node: node, path: "values.yaml", lineOffset: 0)
        #expect(tree.entries.count == 501)
        #expect(tree["app499"]?["memory"]?.string == "32Mi")
        #expect(tree["app499"]?["name"]?.string == "app499")
        // Just past the limit: an anchor of 50,001 nodes aliased twice.
        let big = "big: &big [" + Array(repeating: "1", count: 50_000).joined(separator: ",") + "]\none: *big\ntwo: *big\n"
        // (`_ =`: without the limit, a failed expectation would print the whole composed document.)
        #expect(throws: YAMLLimits.Exceeded(kind: .aliases, line: 3, column: 6)) { _ = try YAMLLimits.compose(big) }
        #expect(try YAMLLimits.compose(big.replacingOccurrences(of: "two: *big\n", with: "")) != nil)
    }

    // MARK: YAML nesting

    @Test func nestingPastTheDepthLimitIsADiagnosticNotACrash() throws {
        let deep = 100_000
        let block = (0..<300).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " v"
        let fine = (0..<200).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " v"
        let repo = try FixtureRepo("""
        -- apps/deep/flow.yaml --
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: flow}
        data:
          x: \(String(repeating: "[", count: deep))1\(String(repeating: "]", count: deep))
        -- apps/deep/block.yaml --
        \(block)
        -- apps/deep/fine.yaml --
        \(fine)
        """)
        defer { repo.remove() }
        let run = try runAlmanacBounded(["check", repo.path, "--no-git-history"], seconds: 60)
        #expect(!run.killed, "almanac crashed or was killed after \(run.seconds) s: \(run.stderr.prefix(500))")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("apps/deep/flow.yaml:5:") && $0.hasSuffix("[yaml.too-deep]") }, "\(run.stderr)")
        #expect(lines.contains { $0.hasPrefix("apps/deep/block.yaml:") && $0.hasSuffix("[yaml.too-deep]") }, "\(run.stderr)")
        #expect(!run.stderr.contains("apps/deep/fine.yaml"), "200 levels are within the limit")
    }

    // MARK: Files

    @Test func aFileOverTheSizeLimitIsNotReadAndSaysSo() throws {
        let repo = try FixtureRepo("""
        -- almanac.yaml --
        limits: {max_file_size_mib: 1}
        -- apps/web/deployment.yaml --
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        """)
        defer { repo.remove() }
        let megabyte = Data(repeating: UInt8(ascii: "a"), count: 1_048_576)
        try FileManager.default.createDirectory(at: repo.root.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try (Data("# Dump\n\n".utf8) + megabyte).write(to: repo.root.appendingPathComponent("docs/dump.md"))
        try megabyte.write(to: repo.root.appendingPathComponent("apps/web/blob.bin"))
        let result = runCLI(["check", repo.path, "--no-git-history"])
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("docs/dump.md:1:1: warning: file not read: 1,048,584 bytes, over the limit of 1 MiB [scan.file-too-large]"),
                "\(result.stderr)")
        #expect(!lines.contains { $0.hasPrefix("apps/web/blob.bin") }, "exactly 1 MiB is within the limit")
        #expect(!lines.contains { $0.contains("[scan.skipped-file]") })

        // The default limit, 8 MiB, and a file of a kind Almanac does not read (a note).
        let big = try FixtureRepo("""
        -- apps/web/deployment.yaml --
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        """)
        defer { big.remove() }
        let nineMiB = Data(repeating: UInt8(ascii: "#"), count: 9 * 1_048_576)
        try nineMiB.write(to: big.root.appendingPathComponent("apps/web/values.yaml"))
        try nineMiB.write(to: big.root.appendingPathComponent("apps/web/archive.tar"))
        let defaults = runCLI(["check", big.path, "--no-git-history"]).stderr.split(separator: "\n").map(String.init)
        #expect(defaults.contains("apps/web/values.yaml:1:1: warning: file not read: 9,437,184 bytes, over the limit of 8 MiB [scan.file-too-large]"),
                "\(defaults)")
        #expect(defaults.contains("apps/web/archive.tar:1:1: note: file not read: 9,437,184 bytes, over the limit of 8 MiB [scan.file-too-large]"))
    }

    @Test func theWalkStopsAtTheFileLimit() throws {
        var text = "-- almanac.yaml --\nlimits: {max_files: 20}\n"
        for index in 0..<30 { text += "-- apps/a/f\(String(format: "%02d", index)).yaml --\nkey: \(index)\n" }
        let repo = try FixtureRepo(text)
        defer { repo.remove() }
        let result = runCLI(["check", repo.path, "--no-git-history"])
        // almanac.yaml, then f00 … f18: twenty files; f19 is the first one not read.
        #expect(result.stderr.contains(
            "apps/a/f19.yaml:1:1: warning: the repository has more than 20 files: this one and the files after it (folder by folder, names sorted) are not read [scan.too-many-files]"),
            "\(result.stderr)")
        let listing = RepositoryWalker(root: repo.root, maxFiles: 20).walk()
        #expect(listing.files.count == 20)
        #expect(listing.files.last?.path == "apps/a/f18.yaml")
        #expect(listing.stoppedAt == "apps/a/f19.yaml")
        #expect(RepositoryWalker(root: repo.root).walk().stoppedAt == nil, "31 files are far below the default")
        #expect(ResourceLimits().maxFiles == 50_000)
    }

    @Test func limitsAreReadFromAlmanacYAMLAndChecked() {
        let (config, diagnostics) = ConfigLoader.load(text: """
        limits:
          max_files: 1200
          max_file_size_mib: 16
          diagram_seconds: 2.5
        """, displayPath: "almanac.yaml")
        #expect(diagnostics.isEmpty)
        #expect(config.limits.maxFiles == 1_200)
        #expect(config.limits.maxFileSize == 16 * 1_048_576)
        #expect(config.limits.diagramSeconds == 2.5)
        let (_, problems) = ConfigLoader.load(text: "limits: {max_files: 0, max_file_size_mib: lots, colour: red}\n",
                                              displayPath: "almanac.yaml")
        #expect(problems.map(\.id) == ["config.invalid", "config.invalid", "config.unknown-key"])
    }

    // MARK: Graphviz

    @Test func graphsOverTheSizeLimitAreNotLaidOut() throws {
        let chain = (0...1_000).map { "n\($0)" }.joined(separator: " -> ")
        #expect(GraphvizRenderer.measure(dot: "digraph { \(chain) }") == .init(nodes: 1_001, edges: 1_000))
        #expect(GraphvizRenderer.measure(dot: "digraph { {a b c} -> {d e} }") == .init(nodes: 5, edges: 6))
        #expect(GraphvizRenderer.measure(dot: "digraph { a -> ") == nil)
        let started = Date()
        #expect(throws: GraphvizRenderer.Failure.self) { _ = try GraphvizRenderer.svg(dot: "digraph { \(chain) }") }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// A `.dot` file and a ```` ```dot ```` block over the limits: a diagnostic each, at the file
    /// and at the block's fence, and pages that say why there is no picture.
    @Test func repoDiagramsOverTheSizeLimitAreDiagnosticsAndShownAsSource() throws {
        let chain = (0...1_000).map { "n\($0)" }.joined(separator: " -> ")
        let left = (0..<50).map { "a\($0)" }.joined(separator: " ")
        let right = (0..<41).map { "b\($0)" }.joined(separator: " ")
        let repo = try FixtureRepo("""
        -- docs/arch/chain.dot --
        digraph chain { \(chain) }
        -- docs/arch/README.md --
        # Architecture

        Everything talks to everything:

        ```dot
        digraph mesh { {\(left)} -> {\(right)} }
        ```

        ```dot
        digraph small { a -> b }
        ```
        """)
        defer { repo.remove() }
        let out = temporaryDirectory("big-diagrams")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try runAlmanacBounded(["build", repo.path, "--out", out.path, "--no-git-history"], seconds: 120)
        #expect(!run.killed && run.status <= 1, "\(run.stderr.prefix(500))")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("docs/arch/chain.dot:1:1: warning: Graphviz diagram has 1,001 nodes and 1,000 edges (the limit is 1,000 nodes and 2,000 edges); it is not laid out [docs.diagram-too-large]"),
                "\(run.stderr)")
        #expect(lines.contains("docs/arch/README.md:5:1: warning: Graphviz diagram has 91 nodes and 2,050 edges (the limit is 1,000 nodes and 2,000 edges); it is not laid out [docs.diagram-too-large]"),
                "\(run.stderr)")
        let page = String(decoding: try Data(contentsOf: out.appendingPathComponent("arch/index.html")), as: UTF8.self)
        #expect(page.contains("the graph is too large to lay out: 91 nodes and 2,050 edges"))
        #expect(page.contains("the graph is too large to lay out: 1,001 nodes and 1,000 edges"))
        #expect(page.contains("<title>a</title>"), "the small diagram is still drawn")
    }

    /// Small graphs that a layout engine cannot finish, or that take all the memory, are laid out
    /// in a worker held to `limits.diagram_seconds` and 1 GiB: the build goes on without them.
    @Test func diagramsThatTakeTooLongOrTooMuchMemoryAreStopped() throws {
        // The complete graph on 45 nodes (990 edges, within the size limits) takes dot minutes.
        let complete = (0..<45).flatMap { i in (i + 1..<45).map { "n\(i) -> n\($0);" } }.joined(separator: " ")
        let repo = try FixtureRepo("""
        -- almanac.yaml --
        limits: {diagram_seconds: 2}
        -- docs/arch/mesh.dot --
        digraph mesh { \(complete) }
        -- docs/arch/bomb.dot --
        digraph bomb { a -> b [minlen=100000000]; }
        -- docs/arch/fine.dot --
        digraph fine { x -> y }
        """)
        defer { repo.remove() }
        let out = temporaryDirectory("slow-diagrams")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try runAlmanacBounded(["build", repo.path, "--out", out.path, "--quiet", "--no-git-history"], seconds: 120)
        #expect(!run.killed && run.status <= 1, "\(run.stderr.prefix(500))")
        #expect(run.seconds < 60, "the layout was not stopped at 2 s")
        let page = String(decoding: try Data(contentsOf: out.appendingPathComponent("arch/index.html")), as: UTF8.self)
        #expect(page.contains("Graphviz did not finish laying out the graph within 2 s; it was stopped"))
        #expect(page.contains("Graphviz stopped laying out the graph (signal") || page.contains("out of memory"), "the minlen bomb")
        #expect(page.contains("<title>x</title>"), "the small diagram is still drawn")
    }
}
