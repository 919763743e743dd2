import AlmanacOutput
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `almanac build` killed with SIGKILL at random moments: the output folder must always hold the
/// complete previous site, and the next build must clear away what the killed ones left.
///
/// A Swift test rather than a Python one: it runs with the rest in `swift test`, uses the
/// executable `swift build --build-tests` has just built, and compares trees with the same
/// helpers as the other site tests.
@Suite(.serialized) struct KilledBuildTests {
    /// Builds started and killed (at least 50 must be killed before they finish).
    static let rounds = 70
    /// The seed of the delays; `ALMANAC_KILL_SEED` replays another run.
    static let seed: UInt64 = ProcessInfo.processInfo.environment["ALMANAC_KILL_SEED"].flatMap { UInt64($0) } ?? 0x5EED_2026
    /// Every other kill lands in the swap: the build runs with `ALMANAC_TEST_SWAP_PAUSE_MS`, which
    /// holds it this long before and after each step of the swap (steps microseconds apart are out
    /// of reach of a random kill), and is killed at a random moment after its fresh tree is
    /// complete. A swap that is not one atomic step then leaves the folder missing.
    static let swapPauseMilliseconds = 150

    /// A repo big enough that a debug build takes a few tenths of a second: 12 services in 4
    /// categories, their READMEs, runbooks, an ADR, and clustered diagrams (laid out by the
    /// `almanac-dot-worker` child processes, which a kill orphans).
    static let fixture: String = {
        var text = ""
        let categories = ["media", "tools", "home", "web"]
        for index in 0..<12 {
            let category = categories[index % categories.count]
            let name = "svc\(index)"
            let next = "svc\((index + 1) % 12)"
            text += """
            -- k3s/apps/\(category)/\(name)/deployment.yaml --
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: \(name)
              namespace: \(category)
              labels: {app.kubernetes.io/name: \(name)}
            spec:
              selector: {matchLabels: {app.kubernetes.io/name: \(name)}}
              template:
                metadata: {labels: {app.kubernetes.io/name: \(name)}}
                spec:
                  containers:
                    - name: \(name)
                      image: ghcr.io/example/\(name):1.\(index).0
                      env:
                        - {name: UPSTREAM_URL, value: "http://\(next).\(categories[(index + 1) % categories.count]).svc.cluster.local:8080"}
                      ports: [{name: http, containerPort: 8080}]
                      resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {memory: 64Mi}}
            -- k3s/apps/\(category)/\(name)/service.yaml --
            apiVersion: v1
            kind: Service
            metadata: {name: \(name), namespace: \(category)}
            spec:
              selector: {app.kubernetes.io/name: \(name)}
              ports: [{name: http, port: 8080, targetPort: http}]
            -- k3s/apps/\(category)/\(name)/README.md --
            # \(name)

            Serves the \(category) pages; calls [\(next)](../../\(categories[(index + 1) % categories.count])/\(next)/README.md).

            | setting | value |
            | --- | --- |
            | replicas | 1 |

            """
        }
        for index in 0..<6 {
            text += """
            -- docs/operations/runbooks/runbook-\(index).md --
            ---
            services: [svc\(index)]
            ---
            # Runbook \(index)

            ## Restart

            ```sh
            kubectl -n media rollout restart deployment/svc\(index)
            ```

            """
        }
        text += """
        -- docs/architecture/decisions/ADR-001-layout.md --
        # 1. Folder layout

        Date: 2025-01-10

        ## Status

        Accepted

        ## Decision

        One folder per service.

        -- docs/architecture/diagrams/flow.dot --
        digraph flow {
          subgraph cluster_git { label="git"; repo; pr; }
          subgraph cluster_cluster { label="cluster"; flux; apps; }
          pr -> repo -> flux -> apps;
        }
        -- docs/architecture/overview.md --
        # Overview

        ```dot
        digraph overview {
          subgraph cluster_a { label="media"; svc0; svc4; }
          subgraph cluster_b { label="tools"; svc1; svc5; }
          svc0 -> svc1; svc4 -> svc5;
        }
        ```

        """
        return text
    }()

    @Test(.timeLimit(.minutes(10))) func aKilledBuildLeavesTheCompletePreviousSite() throws {
        let binary = try almanacBinary()
        let repo = try FixtureRepo(Self.fixture)
        defer { repo.remove() }
        let parent = temporaryDirectory("kill")
        let out = parent.appendingPathComponent("site")
        defer { try? FileManager.default.removeItem(at: parent) }
        let build = ["build", repo.path, "--out", out.path, "--quiet", "--no-git-history"]
        let pause = ["ALMANAC_TEST_SWAP_PAUSE_MS": "\(Self.swapPauseMilliseconds)"]

        // The complete site, and how long a build takes with and without the pauses.
        let first = try runAlmanac(build)
        #expect(!first.killed && first.status <= 1, "first build: \(first.stderr)")
        let reference = files(under: out)
        try #require(reference.count > 100)
        #expect(reference.keys.contains { $0.hasSuffix("flow.dot.svg") })
        var durations: [Double] = []
        for _ in 0..<3 { durations.append(try runAlmanac(build).seconds) }
        #expect(files(under: out) == reference, "a build of the same repo differs from the first")
        // Delays up to the quickest build's time: a few builds still finish first (they vary).
        let span = durations.min() ?? 0
        let swapSpan = Double(2 * Self.swapPauseMilliseconds + 10) / 1000

        var generator = SeededGenerator(seed: Self.seed)
        var killed = 0, finished = 0, leftBehind = 0
        var failures: [String] = []
        var phases: [String: Int] = [:]
        for round in 0..<Self.rounds {
            // Even rounds: a kill anywhere in the build. Odd rounds: a kill somewhere in the swap,
            // counted from the moment the fresh tree is complete, with the swap's steps held apart.
            let atSwap = round % 2 == 1
            let delay = Double.random(in: 0..<(atSwap ? swapSpan : span), using: &generator)
            let process = Process()
            process.executableURL = binary
            process.arguments = build
            process.environment = ProcessInfo.processInfo.environment.merging(atSwap ? pause : [:]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let own = out.deletingLastPathComponent().appendingPathComponent(
                out.lastPathComponent + ".almanac-tmp-\(process.processIdentifier)")
            if atSwap {
                while process.isRunning, fileCount(under: own) < reference.count { usleep(2_000) }
            }
            usleep(UInt32(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let wasKilled = process.terminationReason == .uncaughtSignal
            if wasKilled { killed += 1 } else { finished += 1 }
            let now = files(under: out)
            if now != reference {
                failures.append("round \(round) (kill \(Int(delay * 1000)) ms after \(atSwap ? "the fresh tree was complete" : "the start")): "
                    + "\(now.count) of \(reference.count) files, \(differences(reference, now))")
            }
            let trees = treesBeside(out)
            if wasKilled {
                leftBehind += trees.isEmpty ? 0 : 1
                // Each build clears the trees of the builds killed before it: at most the last one's is left.
                if trees.count > 1 { failures.append("round \(round): \(trees.count) trees beside the site: \(trees.prefix(3)) …") }
                // Where the kill landed, from the killed build's own tree (named after its process id).
                let written = FileManager.default.fileExists(atPath: own.path) ? fileCount(under: own) : -1
                let phase = written < 0 ? "before the fresh tree" : written < reference.count ? "while writing" : "at the swap"
                phases[phase, default: 0] += 1
            } else if !trees.isEmpty {
                failures.append("round \(round): a finished build left \(trees.count) trees beside the site (\(trees.prefix(3)) …)")
            }
        }
        // The next successful build clears away every tree the killed builds left.
        let last = try runAlmanac(build)
        #expect(!last.killed && last.status <= 1)
        #expect(treesBeside(out).isEmpty, "left beside the site: \(treesBeside(out).prefix(5)) …")
        #expect(files(under: out) == reference)
        #expect(failures.isEmpty, "\(failures.count) of \(Self.rounds) kills broke the site:\n\(failures.prefix(10).joined(separator: "\n"))")
        #expect(killed >= 50, "only \(killed) of \(Self.rounds) builds were killed before they finished")
        print("kill test: seed \(Self.seed), \(Self.rounds) rounds, build \(Int(span * 1000)) ms: \(killed) killed, \(finished) finished first, "
            + "\(leftBehind) kills left a tree beside the site; "
            + "killed \(phases.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")); "
            + "\(failures.count) failures")
    }

    /// A new build removes the trees that killed builds left (their lock is free) and leaves the
    /// one a build still running holds; the swap replaces the site in place.
    @Test func aNewBuildClearsAbandonedTreesButNotOnesInUse() throws {
        let parent = temporaryDirectory("abandoned")
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("site")
        let manager = FileManager.default
        try manager.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: out.appendingPathComponent("index.html"))
        for name in ["site.almanac-tmp-1", "site.almanac-old-2", "site.almanac-tmp-3", "other.almanac-tmp-4"] {
            try manager.createDirectory(at: parent.appendingPathComponent(name + "/deep"), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: parent.appendingPathComponent(name + "/deep/page.html"))
        }
        try Data().write(to: parent.appendingPathComponent("site.almanac-tmp-5"))  // a file under a tree's name
        // A build still running holds site.almanac-tmp-3.
        let held = open(parent.appendingPathComponent("site.almanac-tmp-3").path, O_RDONLY | O_DIRECTORY)
        try #require(held >= 0 && flock(held, LOCK_EX | LOCK_NB) == 0)
        defer { close(held) }

        let session = try SiteWriter(destination: out).begin()
        let own = "site.almanac-tmp-\(ProcessInfo.processInfo.processIdentifier)"
        #expect(Set(treesBeside(out)) == ["site.almanac-tmp-3", own])
        #expect(manager.fileExists(atPath: parent.appendingPathComponent("other.almanac-tmp-4").path))
        try session.write(path: "index.html", data: Data("new".utf8))
        try session.commit()
        #expect(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8) == "new")
        #expect(treesBeside(out) == ["site.almanac-tmp-3"])
    }
}
