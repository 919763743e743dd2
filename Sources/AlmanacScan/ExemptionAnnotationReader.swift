import AlmanacModel
import Foundation
import Yams

/// Finds `almanac.dev/exempt-<rule>` annotations on objects other than workloads (Services,
/// PVCs, routes …); workloads keep theirs in the model already. Files without the marker are not
/// parsed again, so this costs a substring search per file.
enum ExemptionAnnotationReader {
    static let prefix = "almanac.dev/exempt-"
    static let workloadKinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "Pod", "ReplicaSet", "Cluster"]

    static func read(path: String, text: String) -> [ObjectExemption] {
        guard text.containsBytes(prefix) else { return [] }
        var exemptions: [ObjectExemption] = []
        for chunk in YAMLDocumentSplitter.split(text) {
            guard chunk.text.containsBytes(prefix), let node = try? YAMLLimits.compose(chunk.text) else { continue }
            let root = YAMLNode(node, lineOffset: chunk.firstLine - 1)
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
