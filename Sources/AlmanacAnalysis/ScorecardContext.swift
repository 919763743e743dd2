import AlmanacModel

/// What the rule evaluators read: the repository, its index, the backup inventory, and lookups
/// built once (objects by namespace) so that no rule scans the whole repo per service.
struct ScorecardContext {
    let repository: Repository
    let index: RepositoryIndex
    let backups: BackupInventory?
    let monitorsByNamespace: [String: [Monitor]]
    /// Network policies by namespace; cluster-wide ones under nil.
    let policiesByNamespace: [String?: [NetworkPolicy]]
    /// `namespace/name` of every declared PVC (claim templates are checked per workload).
    let declaredClaims: Set<String>
    /// `namespace/name` of every Service a route sends traffic to.
    let routedServices: [String: [Route]]
    /// Exemption annotations on the service's non-workload objects, by service id.
    let objectExemptions: [String: [ObjectExemption]]

    /// The evaluators, one per rule, in column order.
    static let evaluators: [any ScorecardEvaluator.Type] = [
        MonitoringRule.self, PersistenceRule.self, BackupRule.self, IngressRule.self, NetworkPolicyRule.self,
        ResourcesRule.self, LabelsRule.self, NamingRule.self, LayoutRule.self,
    ]

    init(repository: Repository, index: RepositoryIndex, backups: BackupInventory?) {
        self.repository = repository
        self.index = index
        self.backups = backups
        monitorsByNamespace = Dictionary(grouping: repository.monitors) { $0.ref.namespace ?? "" }
        policiesByNamespace = Dictionary(grouping: repository.networkPolicies) { $0.ref.namespace }
        declaredClaims = Set(repository.volumes.filter { $0.templateOf == nil }.map { "\($0.ref.namespace ?? "")/\($0.ref.name)" })
        var routed: [String: [Route]] = [:]
        for route in repository.routes {
            for backend in route.backends {
                routed["\(backend.namespace ?? route.ref.namespace ?? "")/\(backend.service)", default: []].append(route)
            }
        }
        routedServices = routed
        let owners = Dictionary(repository.files.compactMap { file in file.serviceID.map { (file.path, $0) } }) { first, _ in first }
        objectExemptions = Dictionary(grouping: repository.objectExemptions.filter { owners[$0.object.location.path] != nil }) {
            owners[$0.object.location.path]!
        }
    }

    /// Evaluates one rule for one service and applies its exemption.
    func cell(_ evaluator: any ScorecardEvaluator.Type, _ facts: ServiceFacts) -> Scorecard.Cell {
        var cell = evaluator.evaluate(facts, in: self)
        if cell.exemption == nil { cell.exemption = exemption(evaluator.rule, facts) }
        if cell.status == .fail, cell.exemption != nil {
            cell.status = .exempt
        }
        return cell
    }

    /// The findings of one rule over every service, exemptions applied: what the simple checks report.
    func findings(_ evaluator: any ScorecardEvaluator.Type) -> [Diagnostic] {
        index.services.compactMap { index[$0.id] }.flatMap { facts -> [Diagnostic] in
            let cell = cell(evaluator, facts)
            return cell.status == .fail ? cell.evidence : []
        }
    }

    /// The exemption that applies to `rule` for the service: `almanac.yaml` first, then annotations
    /// on its workloads, then (for storage rules) on its PVCs.
    func exemption(_ rule: ScorecardRule, _ facts: ServiceFacts) -> Scorecard.Exemption? {
        if let entry = repository.config.exemptions.first(where: { $0.service == facts.service.id && $0.rule == rule }) {
            return .init(reason: entry.reason, source: "almanac.yaml", location: entry.location)
        }
        for workload in facts.workloads {
            if let reason = workload.annotations[key: rule.annotation], !reason.allSatisfy(\.isWhitespace) {
                return .init(reason: reason, source: "annotation on \(workload.ref.display)", location: workload.ref.location)
            }
        }
        for object in objectExemptions[facts.service.id] ?? [] where object.rule == rule.rawValue && !object.reason.isEmpty {
            return .init(reason: object.reason, source: "annotation on \(object.object.display)", location: object.object.location)
        }
        if rule == .backup || rule == .persistence {
            for volume in facts.allVolumes {
                if let reason = volume.annotations[key: rule.annotation], !reason.allSatisfy(\.isWhitespace) {
                    return .init(reason: reason, source: "annotation on \(volume.ref.display)", location: volume.ref.location)
                }
            }
        }
        return nil
    }

    static func describe(_ labels: [KeyValue]) -> String {
        labels.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}

/// Evaluates one scorecard rule for one service, before exemptions.
protocol ScorecardEvaluator {
    static var rule: ScorecardRule { get }
    static func evaluate(_ facts: ServiceFacts, in context: ScorecardContext) -> Scorecard.Cell
}
