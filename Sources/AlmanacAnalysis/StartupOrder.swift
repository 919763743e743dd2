import AlmanacModel

/// Layered topological order: which services can start together, and which must wait.
///
/// Services are grouped by tier (core, platform, apps) and, within a tier, by the ArgoCD sync
/// wave of the Application that deploys them (services no Application deploys, such as ArgoCD
/// itself, come first); groups start one after another. A service whose dependency of the same
/// tier sits in a later wave moves up to that wave: waves say how ArgoCD applies the repo, edges
/// say what must run first, and a restore must satisfy both (postgresql, wave 0, keeps its
/// backups in minio, wave 1). Inside a group a service sits one layer after the latest of the
/// services of its group it depends on. Services in a cycle share a layer (the cycle is reported
/// separately); a dependency on a later tier cannot be honoured and shows as such on the pages.
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
        let effective = effectiveWaves(services: services, waves: waves, dependencies: dependencies)
        var groups: [GroupKey: [String]] = [:]
        for service in services {
            groups[GroupKey(tier: service.tier, wave: effective[service.id] ?? Int.min), default: []].append(service.id)
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

    /// Each service's wave, raised to the latest wave of the same-tier services it depends on.
    /// A service no Application deploys is applied by hand (bootstrap): `Int.min`, first in its tier.
    static func effectiveWaves(services: [Service], waves: [String: Int], dependencies: [String: [String]]) -> [String: Int] {
        var tierOf: [String: Tier] = [:]
        for service in services { tierOf[service.id] = service.tier }
        var sameTier: [String: [String]] = [:]
        for service in services {
            sameTier[service.id] = (dependencies[service.id] ?? []).filter { tierOf[$0] == service.tier && $0 != service.id }
        }
        var representative: [String: String] = [:]
        for group in CycleFinder.stronglyConnected(sameTier) { for id in group { representative[id] = group[0] } }
        func rep(_ id: String) -> String { representative[id] ?? id }
        var members: [String: [String]] = [:]
        for service in services { members[rep(service.id), default: []].append(service.id) }
        var result: [String: Int] = [:]
        var visiting = Set<String>()
        func wave(of node: String) -> Int {
            if let known = result[node] { return known }
            visiting.insert(node)
            var value = Int.min
            for id in members[node] ?? [node] {
                value = max(value, waves[id] ?? Int.min)
                for dependency in sameTier[id] ?? [] where rep(dependency) != node && !visiting.contains(rep(dependency)) {
                    value = max(value, wave(of: rep(dependency)))
                }
            }
            visiting.remove(node)
            result[node] = value
            return value
        }
        var effective: [String: Int] = [:]
        for service in services {
            let value = wave(of: rep(service.id))
            if value != Int.min { effective[service.id] = value }
        }
        return effective
    }
}
