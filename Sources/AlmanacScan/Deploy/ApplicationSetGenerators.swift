import AlmanacModel
import Yams

/// The param sets each ApplicationSet generator yields, collecting notes on what cannot be read statically.
struct ApplicationSetGenerators {
    typealias Params = ApplicationSetParam.Set

    let context: ApplicationSetExpander.Context
    let templating: ApplicationSetTemplating
    var diagnostics: [Diagnostic] = []

    init(context: ApplicationSetExpander.Context, templating: ApplicationSetTemplating) {
        self.context = context
        self.templating = templating
    }

    /// A generator item's kind (`list`, `git` …) and body; `selector` sits beside the kind.
    static func kind(of generator: YAMLTree) -> (name: String, body: YAMLTree, location: SourceLocation)? {
        generator.entries.first { $0.key != "selector" }.map { ($0.key, $0.value, $0.keyLocation) }
    }

    mutating func paramSets(_ generator: YAMLTree) -> [Params] {
        guard let (name, body, location) = Self.kind(of: generator) else { return [] }
        switch name {
        case "list": return list(body)
        case "clusters": return clusters(body)
        case "git": return git(body, at: location)
        case "matrix": return matrix(body, at: location)
        case "merge": return merge(body)
        default:
            diagnostics.append(Diagnostic(
                id: ApplicationSetExpander.generatorUnsupported, severity: .note, location: location,
                message: "generator \(name) cannot be expanded statically"))
            return []
        }
    }

    // MARK: list and clusters

    private mutating func list(_ body: YAMLTree) -> [Params] {
        var elements = body["elements"]?.items ?? []
        if let yaml = body["elementsYaml"], let text = yaml.string {
            do {
                if let node = try YAMLLimits.compose(text, resolver: .default) {
                    elements += YAMLTree(node: node, path: yaml.location.path, lineOffset: yaml.location.line).items
                }
            } catch {
                diagnostics.append(Diagnostic(id: ApplicationSetExpander.templateError, severity: .note,
                                              location: yaml.location, message: "elementsYaml is not a YAML list"))
            }
        }
        return elements.filter(\.isMapping).map { ApplicationSetParam.params(of: $0, goTemplate: templating.goTemplate) }
    }

    /// The clusters Argo CD knows live in the cluster; the local one stands for them.
    private func clusters(_ body: YAMLTree) -> [Params] {
        var params: Params = [
            "name": .string("in-cluster"), "nameNormalized": .string("in-cluster"),
            "server": .string("https://kubernetes.default.svc"),
        ]
        if templating.goTemplate { params["metadata"] = .map(["labels": .map([:]), "annotations": .map([:])]) }
        return [withValues(params, body["values"])]
    }

    // MARK: git

    private mutating func git(_ body: YAMLTree, at location: SourceLocation) -> [Params] {
        let repoURL = body["repoURL"]?.string ?? ""
        guard context.isThisRepo(repoURL) else {
            diagnostics.append(Diagnostic(
                id: ApplicationSetExpander.externalSource, severity: .note, location: body["repoURL"]?.location ?? location,
                message: "git generator reads \(repoURL.isEmpty ? "an unnamed repository" : repoURL), not this repository"))
            return []
        }
        let prefix = body["pathParamPrefix"]?.string
        let goTemplate = templating.goTemplate
        var paramSets: [Params] = []
        if let directories = body["directories"] {
            let rules = Self.rules(directories)
            // Argo CD's repo server skips hidden directories and everything below them.
            let matched = context.directories()
                .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                .filter { Self.selects(rules, $0, crossesSlash: false) }
                .sorted()
            for directory in matched {
                let params = ApplicationSetParam.pathParams(directory: directory, filename: nil, prefix: prefix, goTemplate: goTemplate)
                paramSets.append(withValues(params, body["values"]))
            }
        }
        if let files = body["files"] {
            // Default git file globbing is a git pathspec: `*` also crosses `/`.
            let rules = Self.rules(files)
            for file in context.files().filter({ Self.selects(rules, $0, crossesSlash: true) }).sorted() {
                let slash = file.lastIndex(of: "/")
                let directory = slash.map { String(file[..<$0]) } ?? "."
                let filename = slash.map { String(file[file.index(after: $0)...]) } ?? file
                let pathParams = ApplicationSetParam.pathParams(directory: directory, filename: filename, prefix: prefix, goTemplate: goTemplate)
                // Argo CD unmarshals the file once: the first document, a list of objects or one object.
                guard let document = context.readYAML(file).first else { continue }
                for element in document.isSequence ? document.items : [document] where element.isMapping {
                    let params = ApplicationSetParam.merge(ApplicationSetParam.params(of: element, goTemplate: goTemplate), pathParams)
                    paramSets.append(withValues(params, body["values"]))
                }
            }
        }
        return paramSets
    }

    private static func rules(_ list: YAMLTree) -> [(pattern: String, exclude: Bool)] {
        list.items.compactMap { item in item["path"]?.string.map { ($0, item["exclude"]?.string == "true") } }
    }

    /// Included by some rule and excluded by none: an exclude wins whatever the order.
    private static func selects(_ rules: [(pattern: String, exclude: Bool)], _ path: String, crossesSlash: Bool) -> Bool {
        var included = false
        for rule in rules where GlobPattern.matches(rule.pattern, path, crossesSlash: crossesSlash) {
            if rule.exclude { return false }
            included = true
        }
        return included
    }

    /// `values` rendered with the generator's own params, under `values.` (legacy) or `.values`.
    private func withValues(_ params: Params, _ values: YAMLTree?) -> Params {
        guard let values, !values.entries.isEmpty else { return params }
        var params = params
        var rendered: [String: ApplicationSetParam] = [:]
        for entry in values.entries {
            let text = templating.render(entry.value.string ?? "", params: params).text
            if templating.goTemplate { rendered[entry.key] = .string(text) } else { params["values.\(entry.key)"] = .string(text) }
        }
        if templating.goTemplate { params["values"] = .map(rendered) }
        return params
    }

    // MARK: matrix and merge

    /// Cartesian product; the second child is rendered with each of the first child's param sets
    /// first, so it may use them (`path: '{{.path.path}}/envs'`).
    private mutating func matrix(_ body: YAMLTree, at location: SourceLocation) -> [Params] {
        let children = body["generators"]?.items ?? []
        guard children.count == 2 else {
            diagnostics.append(Diagnostic(id: ApplicationSetExpander.templateError, severity: .note, location: location,
                                          message: "matrix generator needs exactly two child generators, found \(children.count)"))
            return []
        }
        var product: [Params] = []
        for first in paramSets(children[0]) {
            let second = templating.render(children[1], params: first, diagnostics: &diagnostics)
            for params in paramSets(second) {
                // Argo CD refuses a product whose children disagree on a param (two git children
                // without `pathParamPrefix`); the note says so and the second child's value is shown.
                for (key, value) in params.sorted(by: { $0.key < $1.key }) where first[key].map({ $0 != value }) ?? false {
                    diagnostics.append(Diagnostic(
                        id: ApplicationSetExpander.templateError, severity: .note, location: location,
                        message: "matrix children both set param '\(key)' with different values; Argo CD rejects this"))
                }
                product.append(ApplicationSetParam.merge(first, params))
            }
        }
        return product
    }

    /// The first child's param sets, each overridden by the later children's sets with equal merge keys.
    private mutating func merge(_ body: YAMLTree) -> [Params] {
        let children = body["generators"]?.items ?? []
        let mergeKeys = body["mergeKeys"]?.items.compactMap(\.string) ?? []
        guard let base = children.first else { return [] }
        var merged = paramSets(base)
        for child in children.dropFirst() {
            var byKey: [[String]: Params] = [:]
            for params in paramSets(child) where byKey[key(params, mergeKeys)] == nil {
                byKey[key(params, mergeKeys)] = params
            }
            merged = merged.map { params in byKey[key(params, mergeKeys)].map { ApplicationSetParam.merge(params, $0) } ?? params }
        }
        return merged
    }

    private func key(_ params: Params, _ mergeKeys: [String]) -> [String] {
        mergeKeys.map { name in
            switch ApplicationSetParam.lookup(name, in: params, goTemplate: templating.goTemplate) {
            case .string(let text)?: text
            case let other?: String(describing: other)
            case nil: "\u{0}"
            }
        }
    }
}
