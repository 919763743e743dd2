import AlmanacModel

/// Layered topological order: which services can start together, and which must wait.
///
/// Services are grouped by tier (core, platform, apps) and, within a tier, by the ArgoCD sync
/// wave of the Application that deploys them (services no Application deploys, such as ArgoCD
/// itself, come first); groups start one after another. Inside a group a
/// service sits one layer after the latest of the services of its group it depends on. Services
/// in a cycle share a layer (the cycle is reported separately); a dependency on a later group
/// cannot be honoured by the order and shows as such on the pages.
enum StartupOrder {
    struct Layer: Equatable {
        var services: [String]
        var tier: Tier
        var wave: Int?
    }

    static func layers(services: [Service], waves: [String: Int], dependencies: [String: [String]]) -> [Layer] {
        struct GroupKey: Hashable, Comparable {
            var tier: Tier
            var wave: Int
            static func < (lhs: GroupKey, rhs: GroupKey) -> Bool { (lhs.tier, lhs.wave) < (rhs.tier, rhs.wave) }
        }
        var groups: [GroupKey: [String]] = [:]
        for service in services {
            // A service no Application deploys is applied by hand (bootstrap): first in its tier.
            groups[GroupKey(tier: service.tier, wave: waves[service.id] ?? Int.min), default: []].append(service.id)
        }
        var result: [Layer] = []
        for key in groups.keys.sorted() {
            let members = Set(groups[key]!)
            var inside: [String: [String]] = [:]
            for id in members.sorted() { inside[id] = (dependencies[id] ?? []).filter { members.contains($0) && $0 != id } }
            // Collapse each cycle to one node so the order exists.
            var representative: [String: String] = [:]
            for group in CycleFinder.stronglyConnected(inside) { for id in group { representative[id] = group[0] } }
            func rep(_ id: String) -> String { representative[id] ?? id }
            var groupOf: [String: [String]] = [:]
            for id in members.sorted() { groupOf[rep(id), default: []].append(id) }
            var level: [String: Int] = [:]
            var visiting = Set<String>()
            func levelOf(_ node: String) -> Int {
                if let known = level[node] { return known }
                visiting.insert(node)
                var deepest = -1
                for id in groupOf[node] ?? [] {
                    for dependency in inside[id] ?? [] where rep(dependency) != node && !visiting.contains(rep(dependency)) {
                        deepest = max(deepest, levelOf(rep(dependency)))
                    }
                }
                visiting.remove(node)
                level[node] = deepest + 1
                return deepest + 1
            }
            var byLevel: [Int: [String]] = [:]
            for id in members { byLevel[levelOf(rep(id)), default: []].append(id) }
            let wave = key.wave == Int.min ? nil : key.wave
            for index in byLevel.keys.sorted() {
                result.append(Layer(services: byLevel[index]!.sorted(), tier: key.tier, wave: wave))
            }
        }
        return result
    }
}
