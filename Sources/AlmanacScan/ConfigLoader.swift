import AlmanacModel
import Foundation
import Yams

/// Reads `almanac.yaml`. Unknown keys and bad values are diagnostics, never silently ignored.
public enum ConfigLoader {
    /// Top-level keys and what they hold.
    /// An `http://` or `https://` URL with a host, and nothing a browser would read otherwise:
    /// no spaces, control characters, quotes, angle brackets or backslashes. Every page links it.
    public static func isWebURL(_ value: String) -> Bool {
        let lower = value.lowercased()
        guard let rest = ["https://", "http://"].first(where: { lower.hasPrefix($0) }).map({ value.dropFirst($0.count) }),
              let first = rest.utf8.first, first != UInt8(ascii: "/") else { return false }
        return value.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F && !"\"'<>\\`".utf8.contains($0) }
    }

    /// A web URL, or a path from the server's root (`/docs/`, not `//host/`).
    public static func isSiteBase(_ value: String) -> Bool {
        if isWebURL(value) { return true }
        return value.hasPrefix("/") && !value.hasPrefix("//")
            && value.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F && !"\"'<>\\`".utf8.contains($0) }
    }

    static let knownKeys = ["title", "base_url", "clusters", "repo_url", "repo_branch", "checks", "namespaces", "max_depth", "exemptions",
                            "runbooks", "limits"]

    /// Loads `file` (a path shown in diagnostics as `displayPath`), starting from `defaults`.
    public static func load(text: String, displayPath: String, defaults: SiteConfig = SiteConfig())
        -> (SiteConfig, [Diagnostic]) {
        var config = defaults
        var diagnostics: [Diagnostic] = []
        func problem(_ message: String, at node: YAMLNode?, line: Int? = nil, id: String = "config.invalid") {
            diagnostics.append(Diagnostic(
                id: id, severity: .error,
                location: SourceLocation(path: displayPath, line: line ?? node?.line ?? 1, column: node?.column ?? 1),
                message: message))
        }
        let root: YAMLNode
        do {
            guard let node = try YAMLLimits.compose(text) else { return (config, []) }
            root = YAMLNode(node, lineOffset: 0)
        } catch {
            var diagnostic = ManifestFileScanner.diagnostic(for: error, path: displayPath,
                                                            chunk: .init(firstLine: 1, text: text))
            if diagnostic.id == "yaml.syntax" { diagnostic.id = "config.invalid" }  // a limit keeps its own id
            diagnostic.message = diagnostic.message.replacingOccurrences(of: "this document is skipped",
                                                                         with: "configuration ignored")
            return (config, [diagnostic])
        }
        guard root.isMapping else {
            problem("almanac.yaml must be a mapping of settings", at: root)
            return (config, diagnostics)
        }
        for pair in root.pairs {
            switch pair.key {
            case "title":
                if let value = pair.value.string { config.title = value } else { problem("title must be text", at: pair.value) }
            case "base_url":
                if let value = pair.value.string, Self.isSiteBase(value) {
                    config.baseURL = value.hasSuffix("/") ? value : value + "/"
                } else {
                    problem("base_url must be an http(s) URL or a path from the server's root, like https://docs.example.com/ or /docs/", at: pair.value)
                }
            case "repo_url":
                if let value = pair.value.string, Self.isWebURL(value) { config.repoURL = value.hasSuffix("/") ? String(value.dropLast()) : value }
                else { problem("repo_url must be an http(s) URL of the repository on its forge, like https://github.com/owner/repo", at: pair.value) }
            case "repo_branch":
                if let value = pair.value.string { config.repoBranch = value } else { problem("repo_branch must be text", at: pair.value) }
            case "max_depth":
                if let value = pair.value.int, value > 0 { config.maxDepth = value }
                else { problem("max_depth must be a positive number", at: pair.value) }
            case "checks":
                for check in pair.value.pairs {
                    if let level = pair.value[check.key]?.string.flatMap(SiteConfig.CheckLevel.init(rawValue:)) {
                        config.checkSeverities[check.key] = level
                    } else {
                        problem("severity of '\(check.key)' must be one of off, note, warning, error", at: check.value)
                    }
                }
            case "namespaces":
                for entry in pair.value.pairs {
                    if entry.key == "allowed" { config.allowedNamespaces = entry.value.strings.sorted() }
                    else {
                        problem("unknown key 'namespaces.\(entry.key)' (known: allowed)", at: nil,
                                line: entry.keyLine, id: "config.unknown-key")
                    }
                }
            case "clusters":
                let names = pair.value.strings
                if names.isEmpty { problem("clusters must be a list of cluster names", at: pair.value) } else { config.clusters = names }
            case "exemptions":
                config.exemptions = ConfigExemptionReader.read(pair.value, displayPath: displayPath, diagnostics: &diagnostics)
            case "runbooks":
                diagnostics += runbookSettings(pair.value, into: &config, displayPath: displayPath)
            case "limits":
                diagnostics += limitSettings(pair.value, into: &config, displayPath: displayPath)
            default:
                problem("unknown key '\(pair.key)' in almanac.yaml (known: \(knownKeys.joined(separator: ", ")))",
                        at: nil, line: pair.keyLine, id: "config.unknown-key")
            }
        }
        return (config, diagnostics)
    }
}
