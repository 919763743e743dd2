import AlmanacModel
import Foundation

extension ConfigLoader {
    static let limitKeys = ["max_files", "max_file_size_mib", "diagram_seconds"]

    /// `limits:` — how many files are read, how large a file may be, how long a diagram may take.
    static func limitSettings(_ node: YAMLNode, into config: inout SiteConfig, displayPath: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func problem(_ message: String, line: Int, column: Int = 1, id: String = "config.invalid") {
            diagnostics.append(Diagnostic(id: id, severity: .error,
                                          location: SourceLocation(path: displayPath, line: line, column: column),
                                          message: message))
        }
        guard node.isMapping else {
            problem("limits must be a mapping (\(limitKeys.joined(separator: ", ")))", line: node.line)
            return diagnostics
        }
        for entry in node.pairs {
            switch entry.key {
            case "max_files":
                if let count = entry.value.int, count > 0 { config.limits.maxFiles = count }
                else { problem("limits.max_files must be a positive number of files", line: entry.value.line) }
            case "max_file_size_mib":
                if let size = entry.value.int, size > 0, size <= 4_096 { config.limits.maxFileSize = size * 1024 * 1024 }
                else { problem("limits.max_file_size_mib must be a number of MiB from 1 to 4096", line: entry.value.line) }
            case "diagram_seconds":
                if let seconds = entry.value.string.flatMap(Double.init), seconds > 0, seconds <= 3_600 {
                    config.limits.diagramSeconds = seconds
                } else {
                    problem("limits.diagram_seconds must be a number of seconds from 0 to 3600", line: entry.value.line)
                }
            default:
                problem("unknown key 'limits.\(entry.key)' (known: \(limitKeys.joined(separator: ", ")))",
                        line: entry.keyLine, id: "config.unknown-key")
            }
        }
        return diagnostics
    }
}
