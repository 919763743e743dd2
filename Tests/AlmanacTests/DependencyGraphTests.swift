@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
@testable import AlmanacSite
import Foundation
import Graphviz
import Testing

/// Dependency discovery, DNS reference parsing, cycles and layers, and SVG determinism.
struct DependencyGraphTests {
    // MARK: Host references in text

    func hosts(_ text: String) -> [String] { HostReference.scan(text).map(\.host) }

    @Test func urlsWithCredentialsPortsAndPathsGiveOnlyTheHost() {
        let text = "postgresql://user:$(PW)@postgresql.platform-databases.svc.cluster.local:5432/db"
        #expect(HostReference.scan(text) == [HostReference(
            host: "postgresql.platform-databases.svc.cluster.local", form: .url, line: 0, column: 24,
            prefix: "postgresql://user:$(PW)@")])
        #expect(hosts("postgresql://litellm:{{ .password }}@postgresql.platform-databases.svc:5432/x") == ["postgresql.platform-databases.svc"])
        #expect(hosts("redis://redis.platform-databases:6379/2") == ["redis.platform-databases"])
        #expect(hosts("mqtt://mosquitto.home-automation:1883") == ["mosquitto.home-automation"])
        #expect(HostReference.scan("http://sonarr:8989").map(\.form) == [.url])
        #expect(HostReference.scan("redis:6379").map(\.form) == [.hostPort])
    }

    @Test func pathsImagesIPsVersionsAndVariablesAreNotHosts() {
        #expect(hosts("ghcr.io/home-assistant/home-assistant:2024.12.1") == [])
        #expect(hosts("/var/lib/grafana/plugins") == [])
        #expect(hosts("10.10.0.5:2049") == [])
        #expect(hosts("tcp://10.10.20.30:6638") == [])
        #expect(hosts("version 1.2.3") == ["version"])
        #expect(hosts("MY_HOST=${DB_HOST}") == [])
        #expect(hosts("admin@lab.example.com") == [])
        #expect(hosts("redis:7.4.1-alpine") == [])
        #expect(hosts("key: value") == ["value"])
        #expect(HostReference.scan("key: value").map(\.form) == [.bare])
    }

    @Test func shellWaitsKeepTheirHostAndLine() {
        let script = "set -e\nuntil nc -z crowdsec-lapi.platform-security.svc.cluster.local 8080; do sleep 5; done"
        let found = HostReference.scan(script).filter { $0.host.contains(".svc") }
        #expect(found.map(\.line) == [1])
        #expect(found.map(\.column) == [12])
        #expect(DependencyDiscovery.isWaitCommand("until nc -z "))
        #expect(DependencyDiscovery.isWaitCommand("pg_isready -h "))
        #expect(!DependencyDiscovery.isWaitCommand("echo "))
        #expect(DependencyDiscovery.isHostAssignment("    host: "))
        #expect(DependencyDiscovery.isHostAssignment("DB_HOST="))
        #expect(!DependencyDiscovery.isHostAssignment("  name: "))
    }

    @Test func middlewareReferencesInEveryTraefikForm() {
        let known: Set<String> = ["traefik/authentik", "traefik/security-headers"]
        #expect(DependencyDiscovery.middlewareKey("traefik-authentik@kubernetescrd", routeNamespace: "media", known: known) == "traefik/authentik")
        #expect(DependencyDiscovery.middlewareKey("traefik/authentik", routeNamespace: "media", known: known) == "traefik/authentik")
        #expect(DependencyDiscovery.middlewareKey("authentik", routeNamespace: "media", known: known) == "media/authentik")
        #expect(DependencyDiscovery.middlewareKey("other-thing@kubernetescrd", routeNamespace: "media", known: known) == nil)
    }

    // MARK: Resolution

    static let resolverRepository: Repository = {
        let here = SourceLocation(path: "x.yaml")
        func kube(_ name: String, _ namespace: String, _ owner: String?) -> KubeService {
            KubeService(ref: ObjectRef(apiVersion: "v1", kind: "Service", name: name, namespace: namespace, location: here), serviceID: owner)
        }
        return Repository(
            services: [
                Service(id: "k3s/platform/databases/postgresql", name: "postgresql", taxonomy: ["platform", "databases"],
                        tier: .platform, namespace: "platform-databases", slug: "postgresql"),
                Service(id: "k3s/platform/databases/redis", name: "redis", taxonomy: ["platform", "databases"],
                        tier: .platform, namespace: "platform-databases", slug: "redis"),
                Service(id: "k3s/apps/media/sonarr", name: "sonarr", taxonomy: ["apps", "media"], tier: .apps,
                        namespace: "media", slug: "sonarr"),
            ],
            workloads: [Workload(ref: ObjectRef(apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", name: "pg",
                                                namespace: "platform-databases", location: here),
                                 kind: .cnpgCluster, serviceID: "k3s/platform/databases/postgresql")],
            kubeServices: [kube("postgresql", "platform-databases", "k3s/platform/databases/postgresql"),
                           kube("redis", "platform-databases", "k3s/platform/databases/redis"),
                           kube("sonarr", "media", "k3s/apps/media/sonarr"),
                           kube("orphan", "media", nil)],
            namespaces: [NamespaceInfo(ref: ObjectRef(apiVersion: "v1", kind: "Namespace", name: "ai", namespace: nil, location: here))])
    }()

    @Test(arguments: [
        ("postgresql.platform-databases.svc.cluster.local", "media", false,
         ReferenceResolver.Resolution.service(id: "k3s/platform/databases/postgresql", name: "postgresql", namespace: "platform-databases")),
        ("postgresql.platform-databases.svc", "media", false,
         .service(id: "k3s/platform/databases/postgresql", name: "postgresql", namespace: "platform-databases")),
        ("postgresql.platform-databases", "media", false,
         .service(id: "k3s/platform/databases/postgresql", name: "postgresql", namespace: "platform-databases")),
        ("pg-rw.platform-databases.svc", "media", false,
         .service(id: "k3s/platform/databases/postgresql", name: "pg-rw", namespace: "platform-databases")),
        ("redis-0.redis.platform-databases.svc.cluster.local", "media", false,
         .service(id: "k3s/platform/databases/redis", name: "redis", namespace: "platform-databases")),
        ("sonarr", "media", true, .service(id: "k3s/apps/media/sonarr", name: "sonarr", namespace: "media")),
        ("sonarr", "media", false, .notClusterName),
        ("radarr", "media", true, .notClusterName),
        ("orphan.media.svc", "ai", false, .service(id: nil, name: "orphan", namespace: "media")),
        ("radarr.media.svc.cluster.local", "media", false, .unresolved(name: "radarr", namespace: "media")),
        ("radarr.media", "ai", false, .unresolved(name: "radarr", namespace: "media")),
        ("ollama.ai", "media", true, .notClusterName),
        ("ollama.ai.svc", "media", true, .unresolved(name: "ollama", namespace: "ai")),
        ("git.lab.example.com", "media", true, .notClusterName),
        ("config.yaml", "media", false, .notClusterName),
        ("kubernetes.default.svc", "media", false, .builtin),
        ("localhost", "media", true, .notClusterName),
    ])
    func resolvesClusterNames(host: String, namespace: String, hostContext: Bool, expected: ReferenceResolver.Resolution) {
        let resolver = ReferenceResolver(Self.resolverRepository)
        #expect(resolver.resolve(host, in: namespace, hostContext: hostContext) == expected)
    }

    // MARK: Discovery from a fixture repo, one evidence kind each

    static let fixture = """
    -- k3s/platform/databases/postgresql/service.yaml --
    apiVersion: v1
    kind: Service
    metadata:
      name: postgresql
      namespace: platform-databases
    spec:
      ports:
        - port: 5432
    -- k3s/platform/databases/postgresql/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: postgresql
      namespace: platform-databases
    spec:
      template:
        spec:
          containers:
            - name: postgresql
              image: postgres:16
    -- k3s/apps/media/prowlarr/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: prowlarr
      namespace: media
    spec:
      template:
        spec:
          containers:
            - name: prowlarr
              image: prowlarr:1
    -- k3s/apps/media/sonarr/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: sonarr
      namespace: media
      annotations:
        almanac.dev/depends-on: "prowlarr.media, nothing.media"
    spec:
      template:
        spec:
          initContainers:
            - name: wait-for-db
              image: busybox:1.37
              command: ["sh", "-c", "until pg_isready -h postgresql.platform-databases.svc; do sleep 2; done"]
          containers:
            - name: sonarr
              image: sonarr:4
              env:
                - name: DATABASE_URL
                  value: postgresql://sonarr:$(PW)@postgresql.platform-databases.svc.cluster.local:5432/sonarr
                - name: PUBLIC_URL
                  value: https://sonarr.lab.example.com
                - name: SELF
                  value: http://sonarr:8989
    -- k3s/apps/media/sonarr/service.yaml --
    apiVersion: v1
    kind: Service
    metadata:
      name: sonarr
      namespace: media
    spec:
      ports:
        - port: 8989
    -- k3s/apps/media/bazarr/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: bazarr
      namespace: media
    spec:
      template:
        spec:
          containers:
            - name: bazarr
              image: bazarr:1
    -- k3s/apps/media/bazarr/configmap.yaml --
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: bazarr-config
      namespace: media
    data:
      config.yaml: |
        sonarr:
          url: http://sonarr:8989
        radarr:
          host: radarr.media.svc.cluster.local
    -- k3s/apps/media/bazarr/catalog-info.yaml --
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: bazarr
    spec:
      owner: media
      dependsOn:
        - component:default/prowlarr
    -- k3s/apps/media/bazarr/backupstoragelocation.yaml --
    apiVersion: velero.io/v1
    kind: BackupStorageLocation
    metadata:
      name: default
      namespace: media
    spec:
      config:
        s3Url: http://postgresql.platform-databases.svc.cluster.local:9000
    -- k3s/apps/media/helmapp/helmrelease.yaml --
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: helmapp
      namespace: media
    spec:
      chart:
        spec:
          chart: app-template
      values:
        env:
          DB_HOST: postgresql.platform-databases.svc
    -- k3s/apps/media/portal/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: portal
      namespace: media
    spec:
      template:
        spec:
          containers:
            - name: portal
              image: nginx:1
    -- k3s/apps/media/portal/ingress.yaml --
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: portal
      namespace: media
      annotations:
        traefik.ingress.kubernetes.io/router.middlewares: shared-sso@kubernetescrd
    spec:
      rules:
        - host: media.lab.example.com
          http:
            paths:
              - path: /sonarr
                pathType: Prefix
                backend:
                  service:
                    name: sonarr
                    port:
                      number: 8989
    -- shared/middlewares.yaml --
    apiVersion: traefik.io/v1alpha1
    kind: Middleware
    metadata:
      name: sso
      namespace: shared
    spec:
      forwardAuth:
        address: http://postgresql.platform-databases.svc:5432/auth
    -- flux/prowlarr.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: prowlarr
      namespace: flux-system
    spec:
      path: ./k3s/apps/media/prowlarr
      dependsOn:
        - name: postgresql
        - name: missing
    -- flux/postgresql.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: postgresql
      namespace: flux-system
    spec:
      path: ./k3s/platform/databases/postgresql
    """

    struct Found: Equatable, CustomStringConvertible {
        var from: String, to: String, evidence: DependencyGraph.Evidence, place: String
        var description: String { "\(from) → \(to) \(evidence) \(place)" }
    }

    @Test func discoversEdgesFromEveryEvidenceKindWithTheirLines() throws {
        let repo = try FixtureRepo(Self.fixture)
        defer { repo.remove() }
        let repository = try RepositoryScanner(root: repo.root).scan().repository
        let graph = Analyzer.analyze(repository).graph
        let found = graph.edges.map { edge in
            Found(from: DependencyGraph.name(edge.from), to: DependencyGraph.name(edge.to), evidence: edge.evidence,
                  place: "\(edge.location.path):\(edge.location.line)")
        }
        #expect(found == [
            Found(from: "bazarr", to: "prowlarr", evidence: .declared, place: "k3s/apps/media/bazarr/catalog-info.yaml:8"),
            Found(from: "bazarr", to: "sonarr", evidence: .reference, place: "k3s/apps/media/bazarr/configmap.yaml:9"),
            Found(from: "bazarr", to: "postgresql", evidence: .reference, place: "k3s/apps/media/bazarr/backupstoragelocation.yaml:8"),
            Found(from: "helmapp", to: "postgresql", evidence: .reference, place: "k3s/apps/media/helmapp/helmrelease.yaml:12"),
            Found(from: "portal", to: "sonarr", evidence: .ingressBackend, place: "k3s/apps/media/portal/ingress.yaml:17"),
            Found(from: "portal", to: "postgresql", evidence: .ingressBackend, place: "k3s/apps/media/portal/ingress.yaml:7"),
            Found(from: "prowlarr", to: "postgresql", evidence: .fluxDependsOn, place: "flux/prowlarr.yaml:9"),
            Found(from: "sonarr", to: "prowlarr", evidence: .declared, place: "k3s/apps/media/sonarr/deployment.yaml:7"),
            Found(from: "sonarr", to: "postgresql", evidence: .initWait, place: "k3s/apps/media/sonarr/deployment.yaml:14"),
            Found(from: "sonarr", to: "postgresql", evidence: .reference, place: "k3s/apps/media/sonarr/deployment.yaml:20"),
        ], "\(found)")
        let unresolved = graph.findings.filter { $0.id == "graph.unresolved-reference" }
        #expect(unresolved.map { "\($0.location!.path):\($0.location!.line):\($0.location!.column)" } == [
            "flux/prowlarr.yaml:10:13",
            "k3s/apps/media/bazarr/configmap.yaml:11:13",
            "k3s/apps/media/sonarr/deployment.yaml:7:46",
        ])
        #expect(unresolved[1].message == "'radarr.media.svc.cluster.local' names no Service: there is no Service 'radarr' in namespace 'media'")
        #expect(graph.cycles.isEmpty)
        #expect(graph.transitiveDependents(of: "k3s/platform/databases/postgresql").map(DependencyGraph.name)
                == ["bazarr", "helmapp", "portal", "prowlarr", "sonarr"])
        #expect(graph.dependents(of: "k3s/platform/databases/postgresql").map(DependencyGraph.name)
                == ["bazarr", "helmapp", "portal", "prowlarr", "sonarr"])
        #expect(graph.edges.first { $0.from.hasSuffix("helmapp") }?.detail
                == "HelmRelease helmapp names postgresql.platform-databases.svc")
        #expect(graph.edges.first { $0.from.hasSuffix("portal") && $0.to.hasSuffix("postgresql") }?.detail
                == "Ingress/portal uses Middleware sso, which calls postgresql.platform-databases.svc")
        #expect(graph.startupLayers.map { $0.map(DependencyGraph.name) } == [["postgresql"], ["helmapp", "prowlarr"], ["sonarr"], ["bazarr", "portal"]])
    }

    // MARK: Cycles and layers

    @Test func cyclesAreListedOnceEachWithTheirFullPath() {
        let adjacency = ["a": ["b"], "b": ["a", "c"], "c": ["d"], "d": ["b"], "e": ["e2"], "e2": []]
        #expect(CycleFinder.stronglyConnected(adjacency) == [["a", "b", "c", "d"]])
        #expect(CycleFinder.cycles(adjacency) == [["a", "b", "a"], ["b", "c", "d", "b"]])
        #expect(CycleFinder.cycles(["x": ["y"], "y": []]).isEmpty)
    }

    @Test func layersGoByTierThenWaveThenEdgesAndCyclesShareALayer() {
        func service(_ name: String, _ tier: Tier) -> Service {
            Service(id: name, name: name, taxonomy: [], tier: tier, slug: name)
        }
        let services = [service("app", .apps), service("web", .apps), service("db", .platform), service("cache", .platform),
                        service("lb", .core), service("ha", .apps), service("nr", .apps)]
        let dependencies = ["app": ["db", "web"], "web": ["cache"], "ha": ["nr"], "nr": ["ha"], "lb": ["app"]]
        let layers = StartupOrder.layers(services: services, waves: ["cache": 1], dependencies: dependencies)
        #expect(layers.map(\.services) == [["lb"], ["db"], ["cache"], ["ha", "nr", "web"], ["app"]])
        #expect(layers.map(\.tier) == [.core, .platform, .platform, .apps, .apps])
        #expect(layers.map(\.wave) == [nil, nil, 1, nil, nil])
        let waved = StartupOrder.layers(services: services, waves: ["cache": 1, "db": 0], dependencies: dependencies)
        #expect(waved.map(\.services) == [["lb"], ["db"], ["cache"], ["ha", "nr", "web"], ["app"]])
        #expect(waved.map(\.wave) == [nil, 0, 1, nil, nil])
        // A dependency in a later wave of the same tier lifts the service to that wave.
        let lifted = StartupOrder.layers(services: services, waves: ["cache": 1, "db": 0],
                                         dependencies: dependencies.merging(["db": ["cache"]]) { $1 })
        #expect(lifted.map(\.services) == [["lb"], ["cache"], ["db"], ["ha", "nr", "web"], ["app"]])
        #expect(lifted.map(\.wave) == [nil, 1, 1, nil, nil])
    }

    // MARK: SVG

    static let sampleDOT: String = {
        let services = (0..<40).map { index in
            Service(id: "k3s/apps/cat\(index % 4)/svc\(index)", name: "svc\(index) <&\"x\">", taxonomy: ["apps", "cat\(index % 4)"],
                    tier: Tier.allCases[index % 3], slug: "svc\(index)")
        }
        var graph = DependencyGraph()
        graph.edges = (0..<80).map { index in
            DependencyGraph.Edge(from: services[index % 40].id, to: services[(index * 7 + 3) % 40].id, evidence: .reference,
                                 detail: "env X", location: SourceLocation(path: "f.yaml", line: index + 1))
        }.filter { $0.from != $0.to }
        let dot = DependencyGraphDOT(graph: graph, services: services)
        return dot.category(services.filter { $0.taxonomy.last == "cat1" }.map(\.id)) { "../../services/\($0)/index.html" }
    }()

    @Test func sameGraphRendersToIdenticalSVGEveryTime() throws {
        let first = try GraphvizRenderer.svg(dot: Self.sampleDOT)
        for _ in 0..<15 {
            #expect(try GraphvizRenderer.svg(dot: Self.sampleDOT) == first)
        }
        // Another graph in between must not change the next layout.
        _ = try GraphvizRenderer.svg(dot: "digraph { a -> b; b -> c; c -> a }")
        #expect(try GraphvizRenderer.svg(dot: Self.sampleDOT) == first)
        let inline = try #require(GraphSVG.inline(first, label: "test"))
        #expect(inline.hasPrefix("<svg class=\"graph\" role=\"img\" aria-label=\"test\""))
        #expect(!inline.contains("<!--"))
        #expect(!inline.contains("<&"))
        #expect(inline.contains("svc1 &lt;&amp;&quot;x&quot;&gt;") || inline.contains("svc1 &lt;&amp;\"x\"&gt;"))
        #expect(inline.contains("xlink:href=\"../../services/k3s/apps/cat1/svc1/index.html\""))
    }

    @Test func graphPagesAreByteIdenticalAcrossProcesses() throws {
        let binary = projectRoot.appendingPathComponent(".build/debug/almanac")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the almanac executable first")
        let repo = try FixtureRepo(Self.fixture)
        defer { repo.remove() }
        var outputs: [[String: Data]] = []
        for run in 0..<2 {
            let out = temporaryDirectory("graph-process-\(run)")
            defer { try? FileManager.default.removeItem(at: out) }
            let process = Process()
            process.executableURL = binary
            process.arguments = ["build", repo.path, "--out", out.path, "--quiet"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            outputs.append(files(under: out).filter { $0.key.hasPrefix("graph") || $0.key.hasPrefix("services/") })
        }
        #expect(outputs[0].keys.sorted() == outputs[1].keys.sorted())
        #expect(outputs[0]["graph.dot"] != nil)
        #expect(String(decoding: outputs[0]["services/sonarr/index.html"] ?? Data(), as: UTF8.self).contains("<svg class=\"graph\""))
        for (path, data) in outputs[0] { #expect(outputs[1][path] == data, "\(path) differs between processes") }
    }

    /// The whole sample graph (113 services) as SVG from `almanac graph`, in two processes.
    @Test func graphCommandSVGIsByteIdenticalAcrossProcesses() throws {
        let binary = projectRoot.appendingPathComponent(".build/debug/almanac")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the almanac executable first")
        var outputs: [Data] = []
        for _ in 0..<2 {
            let process = Process()
            let pipe = Pipe()
            process.executableURL = binary
            process.arguments = ["graph", SampleSiteTests.content.path, "--format", "svg"]
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            outputs.append(data)
        }
        #expect(outputs[0].count > 50_000)
        #expect(outputs[0] == outputs[1])
    }

    @Test func graphCommandPrintsDOTAndSVGToStdout() throws {
        let repo = try FixtureRepo(Self.fixture)
        defer { repo.remove() }
        let dot = runCLI(["graph", repo.path])
        #expect(dot.code == 0)
        #expect(dot.stderr.isEmpty)
        #expect(dot.stdout.hasPrefix("digraph almanac {\n"))
        #expect(dot.stdout.contains("""
          "k3s/apps/media/sonarr" -> "k3s/platform/databases/postgresql" [evidence="initWait", detail="initContainer wait-for-db waits for postgresql.platform-databases.svc", source="k3s/apps/media/sonarr/deployment.yaml:14"];
        """))
        #expect(dot.stdout.hasSuffix("}\n"))
        let svg = runCLI(["graph", repo.path, "--format", "svg"])
        #expect(svg.code == 0)
        #expect(svg.stdout.contains("<svg"))
        #expect(svg.stdout.contains("<title>k3s/apps/media/sonarr</title>"))
        #expect(runCLI(["graph", repo.path, "--format", "png"]).code == 64)
    }

    @Test func everyEdgeIsDrawnInItsCategoryGraphAndCountedInTheSummary() throws {
        let repository = try RepositoryScanner(root: SampleSiteTests.content).scan().repository
        let analysis = Analyzer.analyze(repository)
        let services = analysis.index.services
        let dot = DependencyGraphDOT(graph: analysis.graph, services: services)
        let byCategory = Dictionary(grouping: services, by: \.category)
        var categoryOf: [String: String] = [:]
        for service in services { categoryOf[service.id] = service.category }
        func labelCounts(_ text: String) -> Int {
            text.split(separator: "\n").filter { $0.contains(" -> \"category:") || $0.contains("\"category:") && $0.contains(" -> ") }
                .compactMap { line -> Int? in
                    guard let start = line.range(of: "tooltip=\""), let space = line[start.upperBound...].firstIndex(of: " ") else { return nil }
                    return Int(line[start.upperBound..<space])
                }.reduce(0, +)
        }
        var collapsedCategories = 0
        for (category, members) in byCategory {
            let text = dot.category(members.map(\.id)) { _ in nil }
            let touching = analysis.graph.edges.filter { categoryOf[$0.from] == category || categoryOf[$0.to] == category }
            let inside = touching.filter { categoryOf[$0.from] == category && categoryOf[$0.to] == category }
            let outside = Set(touching.filter { categoryOf[$0.from] != category || categoryOf[$0.to] != category }.flatMap { [$0.from, $0.to] })
                .filter { categoryOf[$0] != category }
            if outside.count > DependencyGraphDOT.foreignNodeLimit {
                // Outside services collapse to one node per category; every crossing pair is counted.
                collapsedCategories += 1
                for edge in inside {
                    #expect(text.contains("\"\(edge.from)\" -> \"\(edge.to)\""), "\(category) misses \(edge.from) → \(edge.to)")
                }
                let crossingPairs = Set(touching.filter { categoryOf[$0.from] != categoryOf[$0.to] }.map { "\($0.from) \($0.to)" })
                #expect(labelCounts(text) == crossingPairs.count, "\(category) drops crossing pairs")
            } else {
                for edge in touching {
                    #expect(text.contains("\"\(edge.from)\" -> \"\(edge.to)\""), "\(category) misses \(edge.from) → \(edge.to)")
                }
            }
        }
        #expect(collapsedCategories >= 1, "platform/databases is used by more than \(DependencyGraphDOT.foreignNodeLimit) services")
        let summary = dot.summary(categories: byCategory.keys.sorted().map { (name: $0, tier: Tier.apps, count: byCategory[$0]!.count, link: "x") },
                                  categoryOf: categoryOf)
        let crossing = Set(analysis.graph.edges.filter { categoryOf[$0.from] != categoryOf[$0.to] }.map { "\($0.from) \($0.to)" })
        let counted = summary.split(separator: "\n").compactMap { line -> Int? in
            guard line.contains(" -> "), let start = line.range(of: "[label=\""), let end = line[start.upperBound...].firstIndex(of: "\"")
            else { return nil }
            return Int(line[start.upperBound..<end])
        }
        #expect(counted.reduce(0, +) == crossing.count)
        #expect(summary.contains("\"apps/ai\" -> \"platform/databases\" [label=\"1\""))
    }

    // MARK: The sample repo

    @Test func sampleRepoHasThePlantedCycleAndPostgresqlUsers() throws {
        let repository = try RepositoryScanner(root: SampleSiteTests.content).scan().repository
        let graph = Analyzer.analyze(repository).graph
        #expect(graph.cycles == [["k3s/apps/home-automation/home-assistant", "k3s/apps/home-automation/node-red",
                                  "k3s/apps/home-automation/home-assistant"]])
        #expect(graph.findings.map(\.id) == ["graph.cycle"])
        #expect(graph.findings.first?.location?.path == "k3s/apps/home-automation/home-assistant/configmap.yaml")
        let users = Set(graph.dependents(of: "k3s/platform/databases/postgresql").map(DependencyGraph.name))
        #expect(users.isSuperset(of: ["grafana", "authentik", "gitea", "nextcloud", "immich", "paperless-ngx", "litellm",
                                      "matrix-synapse", "firefly-iii", "home-assistant", "drone", "vikunja", "mealie",
                                      "hedgedoc", "wallabag", "docuseal", "ghostfolio", "umami", "shlink"]))
        #expect(Set(graph.dependencies(of: "k3s/apps/ai/open-webui").map(DependencyGraph.name)) == ["litellm", "ollama", "searxng"])
        // Every service has a layer; core comes first, apps last.
        #expect(Set(graph.startupLayers.flatMap { $0 }) == Set(repository.services.map(\.id)))
        #expect(graph.startupLayerGroups.first?.tier == .core)
        #expect(graph.startupLayerGroups.last?.tier == .apps)
        let layerOfPostgres = try #require(graph.layer(of: "k3s/platform/databases/postgresql"))
        let layerOfMinio = try #require(graph.layer(of: "k3s/platform/backup/minio"))
        let layerOfGitea = try #require(graph.layer(of: "k3s/apps/dev-tools/gitea"))
        #expect(layerOfPostgres < layerOfGitea)
        #expect(layerOfMinio < layerOfPostgres, "postgresql keeps its backups in minio, so it moves up to minio's wave")
    }
}
