/// app-template's resource names. v4 has one rule for every kind
/// (lib/common/_determineResourceNameFromValues.tpl); v3 and v2 decide per kind
/// (templates/lib/*/_valuesToObject.tpl, tag common-3.7.3).
struct AppTemplateNaming {
    enum Generation: Int, Comparable, Sendable {
        case v2 = 2, v3, v4

        static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

        /// From a pinned chart version (`3.7.3`, `v4.1.1`); v4 when unknown or newer.
        init(chartVersion: String?) {
            let digits = chartVersion?.drop { !$0.isNumber }.prefix { $0.isNumber } ?? ""
            switch Int(digits) {
            case .some(...2): self = .v2
            case .some(3): self = .v3
            default: self = .v4
            }
        }
    }

    enum Kind {
        case controller, service, ingress, route, persistentVolumeClaim, other
    }

    let generation: Generation
    let fullname: String
    /// v4 `global.alwaysAppendIdentifierToResourceName`.
    let alwaysAppendIdentifier: Bool

    /// The name of item `identifier` of a kind with `count` enabled items.
    func name(_ identifier: String, values: YAMLTree, count: Int, kind: Kind) -> String {
        let name = generation == .v4
            ? v4Name(identifier, values: values, count: count)
            : legacyName(identifier, values: values, count: count, kind: kind)
        return HelmNames.trimmed(name.lowercased())
    }

    private func v4Name(_ identifier: String, values: YAMLTree, count: Int) -> String {
        if let forced = values["forceRename"]?.string, !forced.isEmpty { return forced }
        var name = fullname
        if let prefix = values["prefix"]?.string, !prefix.isEmpty, prefix != name { name = "\(prefix)-\(name)" }
        if count > 1 || alwaysAppendIdentifier, !name.hasSuffix("-\(identifier)") { name += "-\(identifier)" }
        if let suffix = values["suffix"]?.string, !suffix.isEmpty, !name.hasSuffix("-\(suffix)") { name += "-\(suffix)" }
        return name
    }

    private func legacyName(_ identifier: String, values: YAMLTree, count: Int, kind: Kind) -> String {
        if let override = values["nameOverride"]?.string, !override.isEmpty {
            if override == "-" || override == fullname { return fullname }
            return "\(fullname)-\(override)"
        }
        let appends: Bool
        switch kind {
        case .controller:
            appends = generation == .v2 ? identifier != "main" : count > 1 && identifier != fullname
        case .service, .route:
            appends = count > 1 && identifier != fullname && values.flag("primary") != true
        case .ingress:
            appends = count > 1 && identifier != fullname
        case .persistentVolumeClaim, .other:
            appends = identifier != fullname
        }
        return appends ? "\(fullname)-\(identifier)" : fullname
    }
}
