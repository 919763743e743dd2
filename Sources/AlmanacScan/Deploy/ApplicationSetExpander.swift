import AlmanacModel

/// Expands an Argo CD ApplicationSet's generators and template into the Applications it would create.
///
/// Static: only what git says. Generators that ask a cluster or an API (pull requests, SCM
/// providers, plugins) and git generators reading another repository yield a note instead of
/// Applications; the clusters generator stands for the local cluster only.
enum ApplicationSetExpander {
    struct Context: Sendable {
        /// Whether a `repoURL` points at the scanned repository.
        var isThisRepo: @Sendable (String) -> Bool
        /// Every directory of the repo, repo-relative, without `./`; the root is not listed.
        var directories: @Sendable () -> [String]
        /// Every file of the repo, repo-relative.
        var files: @Sendable () -> [String]
        /// The documents of a repo file (JSON or YAML).
        var readYAML: @Sendable (String) -> [YAMLTree]

        init(isThisRepo: @escaping @Sendable (String) -> Bool, directories: @escaping @Sendable () -> [String],
             files: @escaping @Sendable () -> [String], readYAML: @escaping @Sendable (String) -> [YAMLTree]) {
            self.isThisRepo = isThisRepo
            self.directories = directories
            self.files = files
            self.readYAML = readYAML
        }
    }

    struct Result: Sendable {
        var applications: [YAMLTree]
        var diagnostics: [Diagnostic]
    }

    static let generatorUnsupported = "gitops.generator-unsupported"
    static let externalSource = "gitops.external-source"
    static let templateError = "gitops.template-error"

    static func expand(_ appSet: YAMLTree, context: Context) -> Result {
        let spec = appSet["spec"] ?? .mapping([], at: appSet.location)
        let options = spec["goTemplateOptions"]?.items.compactMap(\.string) ?? []
        var generators = ApplicationSetGenerators(
            context: context,
            templating: ApplicationSetTemplating(goTemplate: spec["goTemplate"]?.string == "true",
                                                 missingKeyError: options.contains("missingkey=error")))
        var applications: [YAMLTree] = []
        // Generator order, then each generator's own order (elements, sorted directories and files).
        for generator in spec["generators"]?.items ?? [] {
            let paramSets = generators.paramSets(generator)
            guard let template = spec["template"] else { continue }
            let override = ApplicationSetGenerators.kind(of: generator)?.body["template"]
            let effective = override.map { overriding(template, with: $0) } ?? template
            for params in paramSets {
                applications.append(application(from: effective, params: params, appSet: appSet, generators: &generators))
            }
        }
        var seen = Set<Diagnostic>()
        let diagnostics = generators.diagnostics.filter { seen.insert($0).inserted }
        return Result(applications: applications, diagnostics: diagnostics)
    }

    /// The template rendered with one param set, as an Application in the ApplicationSet's namespace
    /// unless the template names one.
    private static func application(from template: YAMLTree, params: ApplicationSetParam.Set, appSet: YAMLTree,
                                    generators: inout ApplicationSetGenerators) -> YAMLTree {
        let rendered = generators.templating.render(template, params: params, diagnostics: &generators.diagnostics)
        var application = YAMLTree.mapping([
            ("apiVersion", .scalar("argoproj.io/v1alpha1", at: template.location)),
            ("kind", .scalar("Application", at: template.location)),
        ], at: template.location)
        var metadata = rendered["metadata"] ?? .mapping([], at: template.location)
        if metadata["namespace"] == nil, let namespace = appSet[path: "metadata", "namespace"] {
            metadata["namespace"] = namespace
        }
        application["metadata"] = metadata
        if let spec = rendered["spec"] { application["spec"] = spec }
        return application
    }

    /// A generator's `template` over the main one: mappings merge key by key, and empty values
    /// do not override (Argo CD merges with mergo, which skips zero values).
    static func overriding(_ base: YAMLTree, with overlay: YAMLTree) -> YAMLTree {
        switch (base.content, overlay.content) {
        case (.mapping, .mapping(let entries)):
            var merged = base
            for entry in entries {
                merged[entry.key] = merged[entry.key].map { overriding($0, with: entry.value) }
                    ?? (isEmpty(entry.value) ? nil : entry.value)
            }
            return merged
        default:
            return isEmpty(overlay) ? base : overlay
        }
    }

    private static func isEmpty(_ tree: YAMLTree) -> Bool {
        switch tree.content {
        case .scalar(let text, _): text.isEmpty || tree.isNull
        case .mapping(let entries): entries.isEmpty
        case .sequence(let items): items.isEmpty
        }
    }
}
