import Foundation

/// Name rules shared by the renderers: Helm's conventional fullname and the `{{ .Release.* }}`
/// expressions that charts pass through `tpl`.
enum HelmNames {
    /// `helm create`'s fullname, which Bitnami and most community charts keep: `fullnameOverride`,
    /// else the release name when it contains the chart name (or `nameOverride`), else `release-chart`.
    static func fullname(release: String, chart: String, values: YAMLTree) -> String {
        if let override = values["fullnameOverride"]?.string, !override.isEmpty { return trimmed(override) }
        let name = values["nameOverride"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? chart
        return trimmed(release.contains(name) ? release : "\(release)-\(name)")
    }

    /// Kubernetes names stop at 63 characters and never end in `-`.
    static func trimmed(_ name: String) -> String {
        var text = String(name.prefix(63))
        while text.hasSuffix("-") { text.removeLast() }
        return text
    }

    /// Replaces `{{ .Release.Name }}` and `{{ .Release.Namespace }}` (with or without spaces) in every scalar.
    static func expandingRelease(_ tree: YAMLTree, release: String, namespace: String?) -> YAMLTree {
        tree.mapScalars { text, _ in expandRelease(text, release: release, namespace: namespace) }
    }

    static func expandRelease(_ text: String, release: String, namespace: String?) -> String {
        guard text.contains("{{") else { return text }
        var result = text
        for spacing in [" ", ""] {
            result = result.replacingOccurrences(of: "{{\(spacing).Release.Name\(spacing)}}", with: release)
            if let namespace {
                result = result.replacingOccurrences(of: "{{\(spacing).Release.Namespace\(spacing)}}", with: namespace)
            }
        }
        return result
    }
}
