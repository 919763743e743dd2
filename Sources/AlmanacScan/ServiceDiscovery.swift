import AlmanacModel
import Foundation

/// Decides which folders are services and names them, without assuming a particular layout:
/// a folder is a service when it holds a workload, a HelmRelease, or a kustomization that
/// installs an upstream release. The layout (taxonomy, tiers) is used where present.
enum ServiceDiscovery {
    /// Folder of each service, sorted.
    static func serviceFolders(factsByFile: [String: [ScannedFact]]) -> [String] {
        var folders = Set<String>()
        for (path, facts) in factsByFile where facts.contains(where: \.definesService) {
            folders.insert(parent(of: path))
        }
        folders.remove("")
        return folders.sorted()
    }

    /// The service folder a file belongs to: the nearest service folder at or above it.
    static func owner(of path: String, serviceFolders: Set<String>) -> String? {
        var folder = parent(of: path)
        while !folder.isEmpty {
            if serviceFolders.contains(folder) { return folder }
            folder = parent(of: folder)
        }
        return nil
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The folder that holds the manifests (`k3s`, `kubernetes`, `clusters/home`): the top folder
    /// holding most services, stripped from taxonomies so `k3s/apps/media/sonarr` is `apps/media`.
    static func manifestRoot(of folders: [String]) -> String? {
        var counts: [String: Int] = [:]
        for folder in folders {
            if let first = folder.split(separator: "/").first { counts[String(first), default: 0] += 1 }
        }
        guard let (top, count) = counts.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).first,
              count * 2 >= folders.count else { return nil }
        let under = folders.filter { $0.hasPrefix(top + "/") }
        return under.allSatisfy { $0.split(separator: "/").count >= 3 } ? top : nil
    }

    static func taxonomy(of folder: String, manifestRoot: String?) -> [String] {
        var parts = folder.split(separator: "/").map(String.init)
        if let root = manifestRoot, parts.first == root, parts.count >= 3 { parts.removeFirst() }
        return Array(parts.dropLast())
    }

    static let coreNames: Set<String> = ["core", "bootstrap", "infrastructure", "infra", "system", "cluster", "base", "crds"]
    static let platformNames: Set<String> = ["platform", "platforms", "services", "shared"]

    static func tier(taxonomy: [String], labels: [KeyValue]) -> Tier {
        if let label = labels[key: "almanac.dev/tier"]?.lowercased() {
            switch label {
            case "0", "core": return .core
            case "1", "platform": return .platform
            case "2", "apps", "app": return .apps
            default: break
            }
        }
        guard let first = taxonomy.first?.lowercased() else { return .apps }
        if coreNames.contains(first) { return .core }
        if platformNames.contains(first) { return .platform }
        return .apps
    }

    /// First paragraph of a README, as plain text, for a one-line summary.
    static func summary(fromReadme body: String) -> String? {
        var paragraph: [String] = []
        var inFence = false
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle(); continue }
            if inFence { continue }
            if trimmed.isEmpty {
                if !paragraph.isEmpty { break }
                continue
            }
            if trimmed.hasPrefix("#") || trimmed.hasPrefix("|") || trimmed.hasPrefix(">") || trimmed.hasPrefix("<")
                || trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") || trimmed.hasPrefix("---") {
                if !paragraph.isEmpty { break }
                continue
            }
            paragraph.append(trimmed)
        }
        guard !paragraph.isEmpty else { return nil }
        var text = paragraph.joined(separator: " ")
        // Strip the commonest inline Markdown so the summary reads as text.
        for mark in ["**", "__", "`"] { text = text.replacingOccurrences(of: mark, with: "") }
        if let regex = try? NSRegularExpression(pattern: #"\[([^\]]*)\]\([^)]*\)"#) {
            text = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1")
        }
        return text.count > 220 ? String(text.prefix(217)).trimmingCharacters(in: .whitespaces) + "…" : text
    }
}
