import Foundation

/// A PersistentVolumeClaim, or a StatefulSet claim template.
public struct PersistentVolume: Hashable, Sendable, Codable {
    public var ref: ObjectRef
    public var serviceID: String?
    public var storageClass: String?
    /// Requested size as written (`10Gi`).
    public var size: String?
    public var accessModes: [String]
    public var labels: [KeyValue]
    public var annotations: [KeyValue]
    /// The StatefulSet that declares this claim template, if it is one.
    public var templateOf: String?
    /// Name of a statically bound volume.
    public var volumeName: String?

    public init(ref: ObjectRef, serviceID: String? = nil, storageClass: String? = nil, size: String? = nil,
                accessModes: [String] = [], labels: [KeyValue] = [], annotations: [KeyValue] = [],
                templateOf: String? = nil, volumeName: String? = nil) {
        self.ref = ref
        self.serviceID = serviceID
        self.storageClass = storageClass
        self.size = size
        self.accessModes = accessModes
        self.labels = labels
        self.annotations = annotations
        self.templateOf = templateOf
        self.volumeName = volumeName
    }

    /// Size in bytes, parsed from the Kubernetes quantity; nil when absent or malformed.
    public var bytes: Double? { size.flatMap(Quantity.bytes) }
}

/// Kubernetes resource quantities (`10Gi`, `500M`, `1.5Ti`).
public enum Quantity {
    private static let suffixes: [(String, Double)] = [
        ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
        ("Pi", 1_125_899_906_842_624), ("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15),
    ]

    /// Bytes for a storage quantity, or nil when it does not parse.
    public static func bytes(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (suffix, factor) in suffixes where trimmed.hasSuffix(suffix) {
            return Double(trimmed.dropLast(suffix.count)).map { $0 * factor }
        }
        return Double(trimmed)
    }
}
