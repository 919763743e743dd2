import AlmanacAnalysis
import AlmanacModel
import Foundation
import Graphviz

/// The topology overview as DOT: clients → LoadBalancer addresses / ingress entry points →
/// hosts → services, one table node per namespace.
///
/// Namespaces are grouped with HTML-like table labels, not Graphviz clusters: in-process
/// layouts of clustered graphs are not reproducible, and the site must be byte-identical from
/// build to build.
struct NetworkDiagram {
    let topology: NetworkTopology
    /// Service page of a service id, relative to the page the SVG is embedded in.
    let serviceURL: (String) -> String?

    static let palette = ["#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#e0e7ff", "#ccfbf1", "#fee2e2", "#ede9fe", "#f3f4f6", "#ffedd5"]

    /// One row of a namespace table: a host, or a LoadBalancer Service, and the service it leads to.
    struct Row {
        var host: String?
        /// For LoadBalancer rows: the Kubernetes Service, which the address edges point at.
        var loadBalancer: ObjectRef?
        var ports: String
        var serviceID: String?
        var serviceName: String
    }

    var dot: String {
        // Entry points are the ingress side; the LoadBalancer Services whose port names are entry
        // point names are the ingress controller, drawn as address → entry point.
        let entryPoints = Array(Set(topology.hosts.flatMap(\.entryPoints))).sorted()
        let controllers = topology.allocations.filter { allocation in
            allocation.kubeService.ports.contains { port in port.name.map(entryPoints.contains) == true }
        }
        let controllerRefs = Set(controllers.map(\.kubeService.ref))
        var rows: [String: [Row]] = [:]
        for entry in topology.hosts {
            let target = entry.backends.first
            let namespace = target?.namespace ?? entry.route.ref.namespace ?? "(none)"
            let name = target?.serviceID.map { ($0 as NSString).lastPathComponent } ?? target?.service ?? entry.route.ref.name
            if !(rows[namespace] ?? []).contains(where: { $0.host == entry.host && $0.serviceName == name }) {
                rows[namespace, default: []].append(Row(host: entry.host, ports: "", serviceID: target?.serviceID ?? entry.routeServiceID,
                                                        serviceName: name))
            }
        }
        for allocation in topology.allocations where !controllerRefs.contains(allocation.kubeService.ref) {
            let namespace = allocation.kubeService.ref.namespace ?? "(none)"
            guard !(rows[namespace] ?? []).contains(where: { $0.loadBalancer == allocation.kubeService.ref }) else { continue }
            let name = allocation.serviceID.map { ($0 as NSString).lastPathComponent } ?? allocation.kubeService.ref.name
            let ports = allocation.kubeService.ports.map { "\($0.port)/\($0.protocol)" }.joined(separator: ", ")
            rows[namespace, default: []].append(Row(host: nil, loadBalancer: allocation.kubeService.ref, ports: ports,
                                                    serviceID: allocation.serviceID, serviceName: name))
        }
        var lines = [
            "digraph network {",
            "  graph [rankdir=LR, nodesep=0.12, ranksep=0.8, fontname=\"Helvetica\", bgcolor=\"transparent\", tooltip=\"Network topology\"];",
            "  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", fillcolor=\"#f5f6f8\", color=\"#8a939c\", margin=\"0.12,0.04\"];",
            "  edge [color=\"#8a939c\", arrowsize=0.6];",
            "  clients [label=\"Clients\\n(LAN, VPN, internet)\", shape=oval, fillcolor=\"#e6f0fa\"];",
        ]
        var rowPort: [ObjectRef: String] = [:]
        for (nsIndex, namespace) in rows.keys.sorted().enumerated() {
            let sorted = rows[namespace]!.sorted {
                ($0.serviceName, $0.host == nil ? 1 : 0, $0.host ?? $0.ports) < ($1.serviceName, $1.host == nil ? 1 : 0, $1.host ?? $1.ports)
            }
            let color = Self.palette[nsIndex % Self.palette.count]
            var table = "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\" COLOR=\"#8a939c\">"
            table += "<TR><TD COLSPAN=\"2\" PORT=\"ns\" BGCOLOR=\"\(color)\"><B>\(GraphvizRenderer.escapeHTMLLabel(namespace))</B></TD></TR>"
            for (index, row) in sorted.enumerated() {
                let entry = row.host.map { GraphvizRenderer.escapeHTMLLabel($0) } ?? "<I>LoadBalancer</I> \(GraphvizRenderer.escapeHTMLLabel(row.ports))"
                var serviceCell = "<TD BGCOLOR=\"#ffffff\""
                if let id = row.serviceID, let url = serviceURL(id) {
                    serviceCell += " HREF=\"\(GraphvizRenderer.escapeHTMLLabel(url))\" TOOLTIP=\"\(GraphvizRenderer.escapeHTMLLabel(row.serviceName))\""
                }
                serviceCell += ">\(GraphvizRenderer.escapeHTMLLabel(row.serviceName))</TD>"
                table += "<TR><TD PORT=\"r\(index)\" ALIGN=\"LEFT\" BGCOLOR=\"#ffffff\">\(entry)</TD>\(serviceCell)</TR>"
                if let ref = row.loadBalancer { rowPort[ref] = "r\(index)" }
            }
            table += "</TABLE>"
            lines.append("  \"ns:\(Self.id(namespace))\" [shape=plain, style=\"\", label=<\(table)>];")
        }
        for entryPoint in entryPoints {
            lines.append("  \"ep:\(Self.id(entryPoint))\" [label=\"\(GraphvizRenderer.escape(entryPoint))\", shape=cds, fillcolor=\"#fff4d6\"];")
        }
        var addresses: [String] = []
        for allocation in topology.allocations {
            let address = allocation.address ?? "dynamic \(allocation.kubeService.ref.name)"
            if !addresses.contains(address) {
                addresses.append(address)
                let pool = allocation.pool.map { "pool \($0)" } ?? (allocation.isDynamic ? "any pool" : "no pool")
                let fill = allocation.problems.contains { !$0.hasPrefix("shared") } ? "#fbe9e7" : "#e2f5f6"
                lines.append("  \"ip:\(Self.id(address))\" [label=\"\(GraphvizRenderer.escape(address))\\n\(GraphvizRenderer.escape(pool))\", fillcolor=\"\(fill)\"];")
                lines.append("  clients -> \"ip:\(Self.id(address))\";")
            }
            let namespace = allocation.kubeService.ref.namespace ?? "(none)"
            if controllerRefs.contains(allocation.kubeService.ref) {
                for port in allocation.kubeService.ports {
                    guard let name = port.name, entryPoints.contains(name) else { continue }
                    lines.append("  \"ip:\(Self.id(address))\" -> \"ep:\(Self.id(name))\" [label=\"\(port.port)\", fontsize=9];")
                }
            } else if let port = rowPort[allocation.kubeService.ref] {
                lines.append("  \"ip:\(Self.id(address))\" -> \"ns:\(Self.id(namespace))\":\(port):w;")
            }
        }
        if controllers.isEmpty {
            for entryPoint in entryPoints { lines.append("  clients -> \"ep:\(Self.id(entryPoint))\";") }
        }
        var drawn = Set<String>()
        for entry in topology.hosts {
            let namespace = entry.backends.first?.namespace ?? entry.route.ref.namespace ?? "(none)"
            for entryPoint in entry.entryPoints where drawn.insert("\(entryPoint) \(namespace)").inserted {
                lines.append("  \"ep:\(Self.id(entryPoint))\" -> \"ns:\(Self.id(namespace))\":ns:w;")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A node id safe inside double quotes.
    static func id(_ text: String) -> String { GraphvizRenderer.escape(text) }

    /// The SVG, ready to inline: without the XML prolog, labelled for screen readers.
    func svg() throws -> String {
        let svg = Self.renumberAnchors(try GraphvizRenderer.svg(dot: dot))
        guard let start = svg.range(of: "<svg") else { return svg }
        return "<svg role=\"img\" aria-label=\"Network topology diagram\"" + svg[start.upperBound...]
    }

    /// Graphviz numbers the links of HTML-label cells (`id="a_node2_92"`) with a process-wide
    /// counter, so the same graph renders differently the second time in one process. Number
    /// them from 0 in document order instead.
    static func renumberAnchors(_ svg: String) -> String {
        guard let pattern = try? NSRegularExpression(pattern: #"id="a_(node[0-9]+)_[0-9]+""#) else { return svg }
        let text = svg as NSString
        var result = ""
        var position = 0
        for (index, match) in pattern.matches(in: svg, range: NSRange(location: 0, length: text.length)).enumerated() {
            result += text.substring(with: NSRange(location: position, length: match.range.location - position))
            result += "id=\"a_\(text.substring(with: match.range(at: 1)))_\(index)\""
            position = match.range.location + match.range.length
        }
        return result + text.substring(from: position)
    }
}
