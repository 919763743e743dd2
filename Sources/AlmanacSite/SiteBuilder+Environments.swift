import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Environments side by side: one table per Pulumi project or Kustomize base, one row per
    /// setting, one column per environment, rows that differ highlighted. Secret values are
    /// never in the model; they show as masked.
    func environmentsPage() throws -> Page {
        let page = "environments/index.html"
        let groups = Dictionary(grouping: repository.environments) { "\($0.source.rawValue)\u{0}\($0.group)" }
            .sorted { $0.key < $1.key }
        let sections: [[String: Any]] = groups.map { _, configs in
            let configs = configs.sorted { (Self.environmentRank($0.environment), $0.environment, $0.path) < (Self.environmentRank($1.environment), $1.environment, $1.path) }
            let first = configs[0]
            var keys: [String] = []
            var seen = Set<String>()
            var values: [[String: EnvironmentConfig.Entry]] = []
            for config in configs {
                var byKey: [String: EnvironmentConfig.Entry] = [:]
                for entry in config.entries {
                    if seen.insert(entry.key).inserted { keys.append(entry.key) }
                    if byKey[entry.key] == nil { byKey[entry.key] = entry }
                }
                values.append(byKey)
            }
            var differing = 0
            var secrets = 0
            let rows: [[String: Any]] = keys.map { key in
                let entries = values.map { $0[key] }
                let differs = Self.differ(entries.map { $0?.value })
                if differs { differing += 1 }
                if entries.contains(where: { $0?.value == .secret }) { secrets += 1 }
                let split = key.firstIndex(of: ":").map { key.index(after: $0) }
                return [
                    "key": key, "differs": differs,
                    "prefix": split.map { String(key[..<$0]) } ?? "", "rest": split.map { String(key[$0...]) } ?? key,
                    "cells": entries.map { entry -> [String: Any] in
                        guard let entry else { return ["text": "—", "class": "absent", "title": "not set"] }
                        var cell: [String: Any]
                        switch entry.value {
                        case .secret: cell = ["text": "\(Redaction.mask) secret", "class": "secret", "title": "encrypted or secret; never shown"]
                        case .plain(let text): cell = ["text": text.isEmpty ? "\"\"" : text, "class": differs ? "value differs" : "value"]
                        }
                        if let url = urls.source(entry.location) { cell["url"] = SiteURLs.relative(from: page, to: url) }
                        return cell
                    },
                ]
            }
            let title = first.source == .pulumi ? "Pulumi stacks in \(first.group)/" : "Kustomize overlays of \(first.group)/"
            return [
                "title": title, "anchor": SiteBuilder.anchor(title), "source": first.source.rawValue,
                "environments": configs.map { config -> [String: Any] in
                    ["name": config.environment, "path": config.path,
                     "url": urls.source(config.path).map { SiteURLs.relative(from: page, to: $0) } ?? ""]
                },
                "rows": rows, "total": keys.count, "differing": differing, "secrets": secrets,
                "columns": configs.count + 1,
            ]
        }
        let context = layout(page: page, title: "Environments", section: "environments").merging([
            "sections": sections, "total": repository.environments.count,
            "names": Array(Set(repository.environments.map(\.environment))).sorted {
                (Self.environmentRank($0), $0) < (Self.environmentRank($1), $1)
            }.joined(separator: ", "),
        ])
        return try render("environments", page: page, context)
    }

    /// Whether a setting differs between environments. A missing value differs from any value;
    /// secret values cannot be compared (their ciphertexts always differ), only their presence.
    static func differ(_ values: [EnvironmentConfig.Entry.Value?]) -> Bool {
        guard let first = values.first else { return false }
        return values.contains { $0 != first }
    }

    /// Environments in promotion order: development, test, staging, production; others after, by name.
    static func environmentRank(_ name: String) -> Int {
        switch name.lowercased() {
        case "dev", "development", "local": 0
        case "test", "testing", "qa", "ci": 1
        case "stage", "staging", "preprod", "pre-production", "uat": 2
        case "prod", "production", "live": 3
        default: 4
        }
    }
}
