import AlmanacModel
import Foundation

/// Reads the port registry: the Markdown tables of `port-registry.md` with a service and a port column.
///
/// Columns are found by their header, forgivingly: `Service`/`Name`/`App`, `Namespace`/`NS`,
/// `Port`/`Port number`, `Protocol`/`Proto`, `Exposure`/`Exposed via`/`Access`/`Type`,
/// `IP`/`Address`/`LB IP`, `Notes`/`Description`/`Purpose`. Tables without both a service and a
/// port column are ignored, so other tables may sit in the same file.
public enum PortRegistry {
    /// Whether a document is a port registry (`port-registry.md`, `port_registry.md`, `ports.md` in a reference folder).
    public static func isRegistry(_ document: Document) -> Bool {
        let file = (document.path as NSString).lastPathComponent.lowercased()
        let stem = (file as NSString).deletingPathExtension.replacingOccurrences(of: "_", with: "-")
        return stem == "port-registry" || stem == "portregistry" || (stem == "ports" && document.kind == .reference)
    }

    public struct Problem: Hashable, Sendable {
        public var message: String
        public var location: SourceLocation
    }

    /// Rows of every registry table in the document, and cells that could not be read.
    public static func rows(of document: Document) -> (rows: [RegistryRow], problems: [Problem]) {
        var rows: [RegistryRow] = []
        var problems: [Problem] = []
        for table in MarkdownTable.parse(document.body, firstLine: document.bodyLine) {
            guard let columns = Columns(table) else { continue }
            for row in table.rows {
                let location = SourceLocation(path: document.path, line: row.line)
                func cell(_ column: Int?) -> String { column.map { RegistryRow.plain(row.cells[$0]) } ?? "" }
                let service = cell(columns.service)
                let portText = cell(columns.port)
                guard !service.isEmpty || !portText.isEmpty else { continue }
                let (port, portProtocol) = parsePort(portText)
                var protocols = parseProtocols(cell(columns.protocols))
                if protocols.isEmpty { protocols = portProtocol.map { [$0] } ?? ["TCP"] }
                if port == nil {
                    problems.append(Problem(message: "port registry row '\(service)' has port '\(portText)', which is not a port number", location: location))
                }
                let exposureText = cell(columns.exposure)
                let ipText = columns.ip.map { cell($0) }
                let namespace = cell(columns.namespace)
                rows.append(RegistryRow(
                    service: service, namespace: namespace.isEmpty ? nil : namespace, port: port,
                    portText: port.map(String.init) ?? portText, protocols: protocols,
                    exposure: RegistryRow.exposure(exposureText, ip: ipText),
                    exposureText: [exposureText, ipText ?? ""].filter { !$0.isEmpty }.joined(separator: " "),
                    notes: columns.notes.map { row.cells[$0].replacingOccurrences(of: "`", with: "") } ?? "", section: table.heading, location: location))
            }
        }
        return (rows, problems)
    }

    /// `8080`, `8080/tcp`, `53 (UDP)` → the number and a protocol written beside it.
    static func parsePort(_ text: String) -> (Int?, String?) {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == " " || $0 == "(" || $0 == ")" }).map(String.init)
        guard let first = parts.first, let number = Int(first), (1...65535).contains(number) else { return (nil, nil) }
        return (number, parseProtocols(parts.dropFirst().joined(separator: " ")).first)
    }

    /// `TCP`, `udp`, `TCP/UDP`, `TCP+UDP`, `both` → upper-case protocols.
    static func parseProtocols(_ text: String) -> [String] {
        let words = text.uppercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        if words == ["BOTH"] { return ["TCP", "UDP"] }
        return words.filter { ["TCP", "UDP", "SCTP"].contains($0) }
    }

    /// Which column holds what, by header name.
    struct Columns {
        var service: Int
        var namespace: Int?
        var port: Int
        var protocols: Int?
        var exposure: Int?
        var ip: Int?
        var notes: Int?

        init?(_ table: MarkdownTable) {
            func words(_ header: String) -> Set<String> { Set(header.split(separator: " ").map(String.init)) }
            guard let port = table.column(where: { let w = words($0); return w.contains("port") || w.contains("ports") }),
                  let service = table.column(where: {
                      let w = words($0)
                      return !w.contains("port") && !w.contains("type")
                          && !w.isDisjoint(with: ["service", "svc", "name", "app", "application", "workload"])
                  }) else { return nil }
            self.service = service
            self.port = port
            namespace = table.column { !words($0).isDisjoint(with: ["namespace", "ns"]) }
            protocols = table.column { !words($0).isDisjoint(with: ["protocol", "proto", "transport"]) }
            exposure = table.column {
                !words($0).isDisjoint(with: ["exposure", "exposed", "expose", "access", "type", "reachable", "via"])
            }
            ip = table.column { header in
                let w = words(header)
                return !w.contains("exposure") && !w.contains("exposed") && !w.isDisjoint(with: ["ip", "address", "addresses", "vip"])
            }
            if ip == exposure { ip = nil }
            notes = table.column { !words($0).isDisjoint(with: ["notes", "note", "description", "comment", "comments", "purpose", "remarks", "usage"]) }
        }
    }
}
