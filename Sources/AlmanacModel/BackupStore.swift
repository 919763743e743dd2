/// A place backups are written, declared as an object of its own: the CloudNativePG barman-cloud
/// plugin's `ObjectStore` (barmancloud.cnpg.io/v1), which Clusters name in `spec.plugins[]`.
public struct BackupStore: Hashable, Sendable, Codable {
    public var ref: ObjectRef
    public var serviceID: String?
    /// `spec.configuration.destinationPath` (`s3://bucket/path`).
    public var destinationPath: String?
    /// `spec.configuration.endpointURL`.
    public var endpointURL: String?
    /// `spec.retentionPolicy` as written (`30d`).
    public var retention: String?

    public init(ref: ObjectRef, serviceID: String? = nil, destinationPath: String? = nil, endpointURL: String? = nil,
                retention: String? = nil) {
        self.ref = ref
        self.serviceID = serviceID
        self.destinationPath = destinationPath
        self.endpointURL = endpointURL
        self.retention = retention
    }

    /// `s3://bucket/path at https://endpoint`, the form the in-tree backup section is shown in.
    public var destination: String? {
        let parts = [destinationPath, endpointURL].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " at ")
    }
}
