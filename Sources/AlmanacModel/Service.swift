/// A service of the repo: one folder holding a workload (or an upstream install), its identity
/// and where it sits in the taxonomy.
public struct Service: Hashable, Sendable, Codable, Identifiable {
    /// The folder path relative to the repo root; unique and stable.
    public var id: String
    public var name: String
    /// Folder components between the manifest root and the service (`apps/media/acquisition`).
    public var taxonomy: [String]
    public var tier: Tier
    public var namespace: String?
    /// One line of what it is: from catalog-info, README or homepage annotations.
    public var summary: String?
    /// Site path segment; unique across services.
    public var slug: String
    /// Every file under the service folder that Almanac read.
    public var files: [String]
    /// Backstage catalog-info.yaml facts when present.
    public var owner: String?
    public var lifecycle: String?
    public var declaredDependencies: [String]
    /// The cluster it runs in, when the repo's GitOps roots say.
    public var cluster: String?
    /// The object that deploys it (HelmRelease, Application, Flux Kustomization), where written.
    public var deployedBy: ObjectRef?
    /// The Helm chart it is installed from, when it is.
    public var chart: String?
    /// Why its namespace is unknown, when the repo does not determine it.
    public var namespaceProblem: String?

    public init(id: String, name: String, taxonomy: [String], tier: Tier, namespace: String? = nil,
                summary: String? = nil, slug: String, files: [String] = [], owner: String? = nil,
                lifecycle: String? = nil, declaredDependencies: [String] = []) {
        self.id = id
        self.name = name
        self.taxonomy = taxonomy
        self.tier = tier
        self.namespace = namespace
        self.summary = summary
        self.slug = slug
        self.files = files
        self.owner = owner
        self.lifecycle = lifecycle
        self.declaredDependencies = declaredDependencies
    }

    /// `apps/media/acquisition`, or `(root)` for a service at the manifest root.
    public var category: String { taxonomy.isEmpty ? "(root)" : taxonomy.joined(separator: "/") }
    /// Folder depth counted from the repo root (`k3s/apps/media/sonarr` is 4).
    public var depth: Int { id.split(separator: "/").count }
}

/// Restore and startup tier: core infrastructure first, then the platform, then apps.
public enum Tier: Int, Hashable, Sendable, Codable, Comparable, CaseIterable {
    case core = 0
    case platform = 1
    case apps = 2

    public var label: String {
        switch self {
        case .core: "Tier 0 · core"
        case .platform: "Tier 1 · platform"
        case .apps: "Tier 2 · apps"
        }
    }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }
}
