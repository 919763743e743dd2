import AlmanacModel

/// Edges between services with their evidence, startup order and cycles.
///
/// Other parts (backup inventory's restore order, scorecard) read `edges`, `startupLayers`,
/// `dependencies(of:)` and `transitiveDependents(of:)`; keep those signatures.
public struct DependencyGraph: Sendable {
    /// Why one service depends on another.
    public enum Evidence: String, Sendable, Codable, CaseIterable {
        /// An env value, ConfigMap value or argument names the other service by cluster DNS.
        case reference
        /// An ingress route sends traffic to a Service of another service.
        case ingressBackend
        /// `almanac.dev/depends-on` or Backstage `dependsOn`.
        case declared
        /// ArgoCD sync waves order the services' Applications.
        case syncWave
        /// Flux `dependsOn`.
        case fluxDependsOn
        /// An initContainer waits for the other service.
        case initWait
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

    /// Every edge, sorted by (from, to, location).
    public var edges: [Edge] = []
    /// Service ids layer by layer: every service comes after all it depends on (cycles broken
    /// and reported), core before platform before apps.
    public var startupLayers: [[String]] = []
    /// Each cycle as the full path of service ids, first id repeated at the end.
    public var cycles: [[String]] = []
    /// Diagnostics this analysis found.
    public var findings: [Diagnostic] = []

    public init() {}

    /// Builds it from the repository and the analyses computed before it (see `Analyzer.analyze`).
    public static func build(_ repository: Repository, _ analysis: Analyzer.Result) -> DependencyGraph {
        DependencyGraph()
    }

    /// Services `id` depends on directly, sorted.
    public func dependencies(of id: String) -> [String] {
        Array(Set(edges.filter { $0.from == id }.map(\.to))).sorted()
    }

    /// Services that depend on `id` directly, sorted.
    public func dependents(of id: String) -> [String] {
        Array(Set(edges.filter { $0.to == id }.map(\.from))).sorted()
    }

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
}
