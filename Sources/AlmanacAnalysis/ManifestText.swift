import Foundation
/// Reads a few plain `key: value` scalars of one object from a manifest's text, for objects the
/// scan keeps by reference only (a Velero BackupStorageLocation's bucket and URL, a Longhorn
/// setting inside a ConfigMap value). Not a YAML parser: first occurrence wins, flow values and
/// block scalars are not read.
enum ManifestText {
    /// Values for `keys` in the document that starts at 1-based `objectLine`, quotes removed.
    static func scalars(in text: String, objectLine: Int, keys: Set<String>) -> [String: String] {
        var found: [String: String] = [:]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var index = max(objectLine - 1, 0)
        while index < lines.count {
            let line = lines[index]
            if index > objectLine - 1, line.hasPrefix("---") { break }
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "-" }
            if let colon = trimmed.firstIndex(of: ":") {
                let key = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
                var value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if let hash = value.range(of: " #") { value = String(value[..<hash.lowerBound]) }
                if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                    value = String(value.dropFirst().dropLast())
                }
                if keys.contains(key), found[key] == nil, !value.isEmpty, value != "|", value != ">", value != "|-" {
                    found[key] = value
                }
            }
            index += 1
        }
        return found
    }
}
