import AlmanacModel

/// The analysis stage: model → index and findings. Pure; the same input gives the same output.
public enum Analyzer {
    /// Everything analysis computed. Each part is built from the repository and the parts
    /// before it, in the order `analyze` lists them.
    public struct Result: Sendable {
        public var index: RepositoryIndex
        public var graph = DependencyGraph()
        public var network = NetworkTopology()
        public var ports = PortRegistryReport()
        public var backups = BackupInventory()
        public var knowledge = KnowledgeBase()
        public var scorecard = Scorecard()
        /// Findings of the simple checks plus those of every part, in a stable order.
        public var findings: [Diagnostic] = []

        public init(index: RepositoryIndex) { self.index = index }
    }

    /// Simple checks that need only the repository and the index.
    static let checks: [any Check.Type] = [
        FolderTooDeep.self,
        ContainerWithoutLimits.self,
        MissingRecommendedLabels.self,
        BrokenDocumentLink.self,
    ]

    public static func analyze(_ repository: Repository) -> Result {
        let start = Result(index: RepositoryIndex(repository))
        // Four independent strands on all cores, the longest first: the dependency graph and
        // the backups (the graph gives the restore order), the knowledge base, the network and
        // the port registry (which reads the network's hosts), and the simple checks (each on
        // its own). The scorecard reads everything, so it comes last.
        enum Strand: Sendable { case graphAndBackups, knowledge, networkAndPorts, checks }
        enum Outcome: Sendable {
            case findings([Diagnostic]), knowledge(KnowledgeBase)
            case graphAndBackups(DependencyGraph, BackupInventory), networkAndPorts(NetworkTopology, PortRegistryReport)
        }
        let outcomes = Parallel.map([Strand.graphAndBackups, .knowledge, .networkAndPorts, .checks]) { strand -> Outcome in
            switch strand {
            case .checks:
                return .findings(Parallel.map(Array(checks.indices)) { checks[$0].run(repository: repository, index: start.index) }
                    .flatMap { $0 })
            case .knowledge:
                return .knowledge(KnowledgeBase.build(repository, start))
            case .graphAndBackups:
                var result = start
                result.graph = DependencyGraph.build(repository, result)
                return .graphAndBackups(result.graph, BackupInventory.build(repository, result))
            case .networkAndPorts:
                var result = start
                result.network = NetworkTopology.build(repository, result)
                return .networkAndPorts(result.network, PortRegistryReport.build(repository, result))
            }
        }
        var result = start
        var findings: [Diagnostic] = []
        for outcome in outcomes {
            switch outcome {
            case .findings(let list): findings = list
            case .knowledge(let knowledge): result.knowledge = knowledge
            case .graphAndBackups(let graph, let backups):
                result.graph = graph
                result.backups = backups
            case .networkAndPorts(let network, let ports):
                result.network = network
                result.ports = ports
            }
        }
        result.scorecard = Scorecard.build(repository, result)
        findings += result.graph.findings + result.network.findings + result.ports.findings
            + result.backups.findings + result.knowledge.findings + result.scorecard.findings
        result.findings = findings
        return result
    }

    /// Applies `almanac.yaml` severities (`off` drops a check) and sorts the diagnostics.
    public static func applyConfiguredSeverities(_ diagnostics: [Diagnostic], config: SiteConfig) -> [Diagnostic] {
        diagnostics.compactMap { diagnostic in
            var diagnostic = diagnostic
            switch config.checkSeverities[diagnostic.id] {
            case .off?: return nil
            case .note?: diagnostic.severity = .note
            case .warning?: diagnostic.severity = .warning
            case .error?: diagnostic.severity = .error
            case nil: break
            }
            return diagnostic
        }.sorted()
    }
}

/// One rule over the repository, named after the problem it finds.
protocol Check {
    static var id: String { get }
    static func run(repository: Repository, index: RepositoryIndex) -> [Diagnostic]
}

extension Check {
    /// The exemption annotation on a workload, if any: `almanac.dev/exempt-<rule>: "<reason>"`.
    static func exemption(_ rule: String, in workloads: [Workload]) -> String? {
        workloads.lazy.compactMap { $0.annotations[key: "almanac.dev/exempt-\(rule)"] }.first
    }
}
