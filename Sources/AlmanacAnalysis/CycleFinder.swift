/// Finds the strongly connected parts of a graph and the cycles through them.
///
/// Tarjan's algorithm gives the groups of services that (transitively) need each other; within
/// each group every elementary cycle is listed once, starting at its smallest id, up to a cap so
/// that a densely tangled group cannot blow up the report.
enum CycleFinder {
    /// Most cycles listed per strongly connected group.
    static let cycleLimit = 50

    /// Groups of two or more ids that reach each other, each sorted, in order of their first id.
    static func stronglyConnected(_ adjacency: [String: [String]]) -> [[String]] {
        var index = 0
        var indices: [String: Int] = [:]
        var lowLinks: [String: Int] = [:]
        var stack: [String] = []
        var onStack = Set<String>()
        var groups: [[String]] = []

        func connect(_ node: String) {
            indices[node] = index
            lowLinks[node] = index
            index += 1
            stack.append(node)
            onStack.insert(node)
            for next in adjacency[node] ?? [] {
                if indices[next] == nil {
                    connect(next)
                    lowLinks[node] = min(lowLinks[node]!, lowLinks[next]!)
                } else if onStack.contains(next) {
                    lowLinks[node] = min(lowLinks[node]!, indices[next]!)
                }
            }
            if lowLinks[node] == indices[node] {
                var group: [String] = []
                while let top = stack.popLast() {
                    onStack.remove(top)
                    group.append(top)
                    if top == node { break }
                }
                if group.count > 1 { groups.append(group.sorted()) }
            }
        }
        for node in adjacency.keys.sorted() where indices[node] == nil { connect(node) }
        return groups.sorted { $0[0] < $1[0] }
    }

    /// Every elementary cycle (up to the cap per group) as a path whose first id is repeated at
    /// the end: `["home-assistant", "node-red", "home-assistant"]`. Sorted.
    static func cycles(_ adjacency: [String: [String]]) -> [[String]] {
        var result: [[String]] = []
        for group in stronglyConnected(adjacency) {
            let members = Set(group)
            var found: [[String]] = []
            var budget = 100_000
            for start in group where found.count < cycleLimit {
                // Only nodes after `start` may appear, so each cycle is found once, from its smallest id.
                var path = [start]
                var onPath: Set<String> = [start]
                func walk(_ node: String) {
                    guard found.count < cycleLimit, budget > 0 else { return }
                    budget -= 1
                    for next in (adjacency[node] ?? []).sorted() where members.contains(next) {
                        if next == start {
                            found.append(path + [start])
                        } else if next > start, !onPath.contains(next) {
                            path.append(next)
                            onPath.insert(next)
                            walk(next)
                            onPath.remove(next)
                            path.removeLast()
                        }
                    }
                }
                walk(start)
            }
            result += found
        }
        return result.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
