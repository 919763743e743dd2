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
    static let rounds = 64
    /// The seed of the delays; `ALMANAC_KILL_SEED` replays another run.
    static let seed: UInt64 = ProcessInfo.processInfo.environment["ALMANAC_KILL_SEED"].flatMap { UInt64($0) } ?? 0x5EED_2026
    /// Every other kill runs with `ALMANAC_TEST_SWAP_PAUSE_MS`, which holds the build this long at
    /// each step of the swap: steps microseconds apart are out of reach of a random kill, and a
    /// swap that is not one atomic step then leaves the folder missing or half replaced.
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
        var plain: [Double] = [], paused: [Double] = []
        for _ in 0..<3 {
            plain.append(try runAlmanac(build).seconds)
            paused.append(try runAlmanac(build, environment: pause).seconds)
        }
        #expect(files(under: out) == reference, "a build of the same repo differs from the first")
        // Delays up to the quickest build's time: a few builds still finish first (they vary).
        let spans = [plain.min() ?? 0, paused.min() ?? 0]

        var generator = SeededGenerator(seed: Self.seed)
        var killed = 0, finished = 0, leftBehind = 0
        var failures: [String] = []
        for round in 0..<Self.rounds {
            let withPause = round % 2 == 1
            let delay = Double.random(in: 0..<spans[withPause ? 1 : 0], using: &generator)
            let process = Process()
            process.executableURL = binary
            process.arguments = build
            process.environment = ProcessInfo.processInfo.environment.merging(withPause ? pause : [:]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let wasKilled = process.terminationReason == .uncaughtSignal
            if wasKilled { killed += 1 } else { finished += 1 }
            let now = files(under: out)
            if now != reference {
                failures.append("round \(round) (kill after \(Int(delay * 1000)) ms\(withPause ? ", paused swap" : "")): "
                    + "\(now.count) of \(reference.count) files, \(differences(reference, now))")
            }
            let trees = treesBeside(out)
            if wasKilled {
                leftBehind += trees.isEmpty ? 0 : 1
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
        print("kill test: seed \(Self.seed), \(Self.rounds) rounds, build \(Int(spans[0] * 1000)) ms "
            + "(\(Int(spans[1] * 1000)) ms with pauses): \(killed) killed, \(finished) finished first, "
            + "\(leftBehind) kills left a tree beside the site, \(failures.count) failures")
    }
}
