import AlmanacModel

/// Edges between services with their evidence, startup order and cycles.
///
/// Other parts (backup inventory's restore order, scorecard) read `edges`, `startupLayers`,
/// `dependencies(of:)` and `transitiveDependents(of:)`; keep those signatures.
///
/// ArgoCD sync waves are ordering, not dependency: an Application in wave 10 waits for every
/// Application of lower waves, which would be an edge from each of its services to each service
/// of the earlier waves — thousands of edges that say nothing about what breaks when one service
/// is down. So waves order the startup layers and are listed in `waves`, and they never become
/// edges; "what breaks if X is down" stays a question about real references.
public struct DependencyGraph: Sendable {
    /// Why one service depends on another.
    public enum Evidence: String, Sendable, Codable, CaseIterable {
        /// An env value, ConfigMap value or argument names the other service by cluster DNS.
        case reference
        /// An ingress route sends traffic to a Service of another service.
        case ingressBackend
        /// `almanac.dev/depends-on` or Backstage `dependsOn`.
        case declared
        /// ArgoCD sync waves order the services' Applications. Not emitted as edges (see the type's
        /// documentation); kept so readers of `Evidence` can name it.
        case syncWave
        /// Flux `dependsOn`.
        case fluxDependsOn
        /// An initContainer waits for the other service.
        case initWait

        /// Words for pages: "reference", "ingress backend" …
        public var label: String {
            switch self {
            case .reference: "reference"
            case .ingressBackend: "ingress backend"
            case .declared: "declared"
            case .syncWave: "sync wave"
            case .fluxDependsOn: "Flux dependsOn"
            case .initWait: "init wait"
            }
        }
    }

    /// `from` depends on `to` (service ids), because of `evidence` written at `location`.
    public struct Edge: Hashable, Sendable, Codable {
        public var from: String
        public var to: String
        public var evidence: Evidence
        /// What was written: `DATABASE_URL=postgresql.platform-databases.svc.cluster.local:5432`.
        public var detail: String
        public var location: SourceLocation

        public init(from: String, to: String, evidence: Evidence, detail: String, location: SourceLocation) {
            self.from = from
            self.to = to
            self.evidence = evidence
            self.detail = detail
            self.location = location
        }
    }

    /// One ArgoCD sync wave: the Applications in it and the services they deploy.
    public struct Wave: Hashable, Sendable {
        public var wave: Int
        public var applications: [GitOpsApp]
        /// Service ids the wave's Applications deploy, sorted.
        public var services: [String]
    }

    /// Every edge, sorted by (from, to, location).
    public var edges: [Edge] = [] { didSet { index() } }
    /// Service ids layer by layer: every service comes after all it depends on (cycles broken
    /// and reported), core before platform before apps.
    public var startupLayers: [[String]] = [] {
        didSet {
            layerIndex = [:]
            for (index, layer) in startupLayers.enumerated() { for id in layer { layerIndex[id] = index } }
        }
    }
    /// Tier and sync wave of each layer of `startupLayers` (same count).
    public var startupLayerGroups: [(tier: Tier, wave: Int?)] = []
    /// Each cycle as the full path of service ids, first id repeated at the end.
    public var cycles: [[String]] = []
    /// ArgoCD sync waves in order; empty when the repo has no Applications with paths.
    public var waves: [Wave] = []
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    private var dependencyIndex: [String: [String]] = [:]
    private var dependentIndex: [String: [String]] = [:]
    private var layerIndex: [String: Int] = [:]
    private var outgoing: [String: [Int]] = [:]
    private var incoming: [String: [Int]] = [:]

    public init() {}

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> DependencyGraph {
        var graph = DependencyGraph()
        let discovered = DependencyDiscovery.discover(repository)
        graph.edges = discovered.edges
        graph.waves = Self.waves(repository)
        var waveOf: [String: Int] = [:]
        for wave in graph.waves { for id in wave.services { waveOf[id] = wave.wave } }
        let layers = StartupOrder.layers(services: analysis.index.services, waves: waveOf,
                                         dependencies: graph.dependencyIndex)
        graph.startupLayers = layers.map(\.services)
        graph.startupLayerGroups = layers.map { ($0.tier, $0.wave) }
        graph.cycles = CycleFinder.cycles(graph.dependencyIndex)
        graph.findings = discovered.findings + graph.cycles.map(graph.cycleFinding)
        return graph
    }

    /// A cycle, reported where its first service names the second, preferring what the
    /// configuration shows over what is only declared.
    private func cycleFinding(_ cycle: [String]) -> Diagnostic {
        func strongest(_ from: String, _ to: String) -> Edge? {
            self.edges(from: from).filter { $0.to == to }.min { lhs, rhs in
                (Self.strength(lhs.evidence), lhs.location) < (Self.strength(rhs.evidence), rhs.location)
            }
        }
        let steps = zip(cycle, cycle.dropFirst()).compactMap { strongest($0.0, $0.1) }
        let evidence = steps.map { "\(Self.name($0.from)) → \(Self.name($0.to)) at \($0.location.path):\($0.location.line)" }
        return Diagnostic(
            id: "graph.cycle", severity: .warning, location: steps.first?.location,
            message: "dependency cycle: \(cycle.map(Self.name).joined(separator: " → "))",
            note: "no start order satisfies a cycle, so a cold start or a restore needs a hand; let one side start without the other and drop that dependency (\(evidence.joined(separator: "; ")))")
    }

    /// Lower is stronger evidence: what the configuration does beats what someone declared.
    static func strength(_ evidence: Evidence) -> Int {
        switch evidence {
        case .reference: 0
        case .initWait: 1
        case .ingressBackend: 2
        case .fluxDependsOn: 3
        case .declared: 4
        case .syncWave: 5
        }
    }

    /// The folder name of a service id, for messages.
    public static func name(_ id: String) -> String {
        guard let slash = id.lastIndex(of: "/") else { return id }
        return String(id[id.index(after: slash)...])
    }

    /// Waves of the ArgoCD Applications, each service in the wave of the most specific
    /// Application path that holds its folder.
    static func waves(_ repository: Repository) -> [Wave] {
        let apps = repository.gitOpsApps.filter { ($0.tool == .argoApplication || $0.tool == .argoApplicationSet) && $0.path != nil }
        guard !apps.isEmpty else { return [] }
        func normalized(_ path: String) -> String {
            var path = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
            while path.hasSuffix("/") { path.removeLast() }
            return path
        }
        var servicesByApp: [Int: [String]] = [:]
        for service in repository.services {
            let holders = apps.indices.filter { index in
                let path = normalized(apps[index].path!)
                return path.isEmpty || path == "." || service.id == path || service.id.hasPrefix(path + "/")
            }
            guard let best = holders.max(by: { (normalized(apps[$0].path!).count, $1) < (normalized(apps[$1].path!).count, $0) })
            else { continue }
            servicesByApp[best, default: []].append(service.id)
        }
        var byWave: [Int: [Int]] = [:]
        for index in apps.indices { byWave[apps[index].syncWave ?? 0, default: []].append(index) }
        return byWave.keys.sorted().map { wave in
            let members = byWave[wave]!.sorted { apps[$0].ref < apps[$1].ref }
            return Wave(wave: wave, applications: members.map { apps[$0] },
                        services: members.flatMap { servicesByApp[$0] ?? [] }.sorted())
        }
    }

    private mutating func index() {
        var dependencies: [String: Set<String>] = [:]
        var dependents: [String: Set<String>] = [:]
        outgoing = [:]
        incoming = [:]
        for (position, edge) in edges.enumerated() {
            dependencies[edge.from, default: []].insert(edge.to)
            dependents[edge.to, default: []].insert(edge.from)
            outgoing[edge.from, default: []].append(position)
            incoming[edge.to, default: []].append(position)
        }
        dependencyIndex = dependencies.mapValues { $0.sorted() }
        dependentIndex = dependents.mapValues { $0.sorted() }
    }

    /// Services `id` depends on directly, sorted.
    public func dependencies(of id: String) -> [String] { dependencyIndex[id] ?? [] }

    /// Services that depend on `id` directly, sorted.
    public func dependents(of id: String) -> [String] { dependentIndex[id] ?? [] }

    /// Edges out of `id` (what it depends on), sorted.
    public func edges(from id: String) -> [Edge] { (outgoing[id] ?? []).map { edges[$0] } }

    /// Edges into `id` (what depends on it), sorted.
    public func edges(to id: String) -> [Edge] { (incoming[id] ?? []).map { edges[$0] } }

    /// Everything that breaks when `id` is down: its dependents, their dependents, and so on.
    public func transitiveDependents(of id: String) -> [String] {
        var seen = Set<String>()
        var queue = [id]
        while let next = queue.popLast() {
            for dependent in dependents(of: next) where seen.insert(dependent).inserted { queue.append(dependent) }
        }
        seen.remove(id)
        return seen.sorted()
    }

    /// The index of the startup layer holding `id`, if any.
    public func layer(of id: String) -> Int? { layerIndex[id] }
}
