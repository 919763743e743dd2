import AlmanacModel
import Foundation

/// Finds `almanac.dev/exempt-<rule>` annotations on objects other than workloads (Services,
/// PVCs, routes …); workloads keep theirs in the model already. Reads the file's scanned (and
/// masked) documents; files without the marker cost a substring search.
enum ExemptionAnnotationReader {
    static let prefix = "almanac.dev/exempt-"
    static let workloadKinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "Pod", "ReplicaSet", "Cluster"]

    static func read(path: String, text: String, documents: [YAMLTree]) -> [ObjectExemption] {
        guard text.containsBytes(prefix) else { return [] }
        var exemptions: [ObjectExemption] = []
        for root in documents.map(YAMLNode.init) {
            guard let kind = root["kind"]?.string, !workloadKinds.contains(kind),
                  let name = root[path: "metadata", "name"]?.string else { continue }
            let ref = ObjectRef(apiVersion: root["apiVersion"]?.string ?? "", kind: kind, name: name,
                                namespace: root[path: "metadata", "namespace"]?.string,
                                location: SourceLocation(path: path, line: root.line, column: root.column))
            for pair in root[path: "metadata", "annotations"]?.pairs ?? [] where pair.key.hasPrefix(prefix) {
                exemptions.append(ObjectExemption(object: ref, rule: String(pair.key.dropFirst(prefix.count)),
                                                  reason: (pair.value.string ?? "").trimmingCharacters(in: .whitespacesAndNewlines)))
            }
        }
        return exemptions
    }
}
