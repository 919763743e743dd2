import AlmanacModel
import Foundation
import Yams

/// Reads `exemptions:` of `almanac.yaml`: a list of `{service, rule, reason}`. A reason is
/// required, so every exemption on the site says why; bad entries are diagnostics and skipped.
/// Whether the service exists is checked later, by the scorecard, which knows the services.
enum ConfigExemptionReader {
    static let keys = ["service", "rule", "reason"]

    static func read(_ node: YAMLNode, displayPath: String, diagnostics: inout [Diagnostic]) -> [ConfigExemption] {
        func problem(_ message: String, line: Int, column: Int, id: String = "config.invalid", note: String? = nil) {
            diagnostics.append(Diagnostic(id: id, severity: .error,
                                          location: SourceLocation(path: displayPath, line: line, column: column),
                                          message: message, note: note))
        }
        guard node.isSequence else {
            problem("exemptions must be a list of {service, rule, reason}", line: node.line, column: node.column)
            return []
        }
        let rules = ScorecardRule.allCases.map(\.rawValue).joined(separator: ", ")
        var exemptions: [ConfigExemption] = []
        for item in node.items {
            guard item.isMapping else {
                problem("an exemption must be a mapping with service, rule and reason", line: item.line, column: item.column)
                continue
            }
            for pair in item.pairs where !keys.contains(pair.key) {
                problem("unknown key '\(pair.key)' in an exemption (known: \(keys.joined(separator: ", ")))",
                        line: pair.keyLine, column: pair.keyColumn, id: "config.unknown-key")
            }
            guard let service = item["service"]?.string.map(trimmedFolder), !service.isEmpty else {
                problem("exemption has no service (the service's folder, like k3s/apps/media/plex)", line: item.line, column: item.column)
                continue
            }
            guard let ruleText = item["rule"]?.string else {
                problem("exemption of '\(service)' has no rule (one of \(rules))", line: item.line, column: item.column)
                continue
            }
            guard let rule = ScorecardRule(rawValue: ruleText) else {
                let node = item["rule"]!
                problem("unknown rule '\(ruleText)' in the exemption of '\(service)' (known: \(rules))",
                        line: node.line, column: node.column)
                continue
            }
            guard let reason = item["reason"]?.string?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
                problem("exemption of '\(service)' from \(rule.rawValue) has no reason", line: item.line, column: item.column,
                        note: "write why the rule does not apply; the reason is shown on the scorecard")
                continue
            }
            exemptions.append(ConfigExemption(service: service, rule: rule, reason: reason,
                                              location: SourceLocation(path: displayPath, line: item.line, column: item.column)))
        }
        return exemptions
    }

    /// `k3s/apps/x/` and `./k3s/apps/x` name the same folder as `k3s/apps/x`.
    private static func trimmedFolder(_ text: String) -> String {
        var text = text.trimmingCharacters(in: .whitespaces)
        while text.hasPrefix("./") { text.removeFirst(2) }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
