/// The settings one environment gets from one source: a Pulumi stack config
/// (`Pulumi.<stack>.yaml`) or a Kustomize overlay (`overlays/<env>/kustomization.yaml`).
public struct EnvironmentConfig: Hashable, Sendable, Codable {
    public enum Source: String, Hashable, Sendable, Codable {
        case pulumi = "Pulumi stack"
        case kustomize = "Kustomize overlay"
    }

    public var source: Source
    /// What the environments are variants of: the Pulumi project folder, or the overlay's base.
    public var group: String
    /// `staging`, `production` …
    public var environment: String
    public var path: String
    /// Leaf settings, flattened to dotted keys (`homelab:network.vlans.mgmt.cidr`), in file order.
    public var entries: [Entry]

    public init(source: Source, group: String, environment: String, path: String, entries: [Entry] = []) {
        self.source = source
        self.group = group
        self.environment = environment
        self.path = path
        self.entries = entries
    }

    /// One flattened setting. Secret values never enter the model: only the fact that they are secret.
    public struct Entry: Hashable, Sendable, Codable {
        public enum Value: Hashable, Sendable, Codable {
            case plain(String)
            /// A Pulumi `secure:` value or a value whose name looks secret; withheld.
            case secret
        }

        public var key: String
        public var value: Value
        public var location: SourceLocation

        public init(key: String, value: Value, location: SourceLocation) {
            self.key = key
            self.value = value
            self.location = location
        }
    }
}
