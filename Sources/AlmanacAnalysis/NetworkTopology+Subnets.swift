import AlmanacModel
import Foundation

extension NetworkTopology {
    /// A subnet from the network reference docs (a Markdown table with a `subnet` or `CIDR` column).
    public struct Subnet: Sendable {
        public var range: IPv4Range
        /// As written (`10.10.0.0/24`).
        public var cidr: String
        /// `VLAN 10` when the table has a VLAN column.
        public var vlan: String?
        /// `servers`, from a name column.
        public var name: String?
        public var location: SourceLocation

        /// `VLAN 10 servers`, or the CIDR when the table names neither.
        public var shortLabel: String {
            let words = [vlan.map { "VLAN \($0)" }, name].compactMap { $0 }
            return words.isEmpty ? cidr : words.joined(separator: " ")
        }

        /// `VLAN 10 servers 10.10.0.0/24`.
        public var label: String {
            [vlan.map { "VLAN \($0)" }, name, cidr].compactMap { $0 }.joined(separator: " ")
        }
    }

    /// Subnets the reference documents under a `network-topology` folder (or reference pages about
    /// networks, VLANs and subnets) describe, in document order.
    static func subnets(_ documents: [Document]) -> [Subnet] {
        var result: [Subnet] = []
        for document in documents.sorted(by: { $0.path < $1.path }) where isNetworkReference(document) {
            for table in MarkdownTable.parse(document.body, firstLine: document.bodyLine) {
                guard let subnet = table.column(where: { $0.split(separator: " ").contains { ["subnet", "cidr"].contains($0) } })
                else { continue }
                let vlan = table.column { $0 == "vlan" || $0 == "vlan id" || $0 == "id" }
                let name = table.column { $0 == "name" || $0 == "vlan name" || $0 == "zone" }
                for row in table.rows {
                    let cell = RegistryRow.plain(row.cells[subnet])
                    guard cell.contains("/"), let range = IPv4Range(cell) else { continue }
                    result.append(Subnet(range: range, cidr: cell,
                                         vlan: vlan.map { RegistryRow.plain(row.cells[$0]) }.flatMap { $0.isEmpty ? nil : $0 },
                                         name: name.map { RegistryRow.plain(row.cells[$0]) }.flatMap { $0.isEmpty ? nil : $0 },
                                         location: SourceLocation(path: document.path, line: row.line)))
                }
            }
        }
        return result
    }

    /// Whether a document is part of the network reference (linked from the network page).
    public static func isNetworkReference(_ document: Document) -> Bool {
        guard document.kind != .serviceReadme else { return false }
        let path = document.path.lowercased()
        return path.contains("network-topology/")
            || (document.kind == .reference && ["network", "vlan", "subnet"].contains { path.contains($0) })
    }

    /// The documented subnets an address or range falls in, smallest first.
    public func subnets(containing range: IPv4Range) -> [Subnet] {
        subnets.filter { $0.range.first <= range.first && range.last <= $0.range.last }.sorted { $0.range.size < $1.range.size }
    }
}
