import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entry for the port registry page; nil hides it.
    var portsNavItems: [NavItem] {
        analysis.ports.manifestPorts.isEmpty && analysis.ports.documents.isEmpty ? []
            : [NavItem(title: "Ports", path: "ports/index.html", section: "ports")]
    }

    /// The port registry page.
    func portsPages() throws -> [Page] {
        let report = analysis.ports
        guard !portsNavItems.isEmpty else { return [] }
        let page = "ports/index.html"
        let services = Dictionary(repository.services.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let rows: [[String: Any]] = report.entries.map { entry in
            var context = portsEntryContext(entry, page: page)
            let owner = entry.serviceIDs.first.flatMap { services[$0] }
            context["serviceURL"] = owner.map { SiteURLs.relative(from: page, to: SiteURLs.service($0)) } ?? ""
            context["search"] = [context["service"], context["namespace"], context["port"], context["protocols"],
                                 context["exposure"], context["manifest"], entry.status.rawValue, context["section"]]
                .compactMap { $0 as? String }.joined(separator: " ").lowercased()
            return context
        }
        let registryLinks: [[String: Any]] = report.documents.map { path in
            ["path": path, "url": urls.document(path).map { SiteURLs.relative(from: page, to: $0) } ?? ""]
        }
        let count = { (status: PortRegistryReport.Status) in report.entries.filter { $0.status == status }.count }
        let findings = diagnostics.filter { $0.id.hasPrefix("ports.") }
        var context = layout(page: page, title: "Port registry", section: "ports", breadcrumbs: [("Ports", nil)])
        context = context.merging([
            "rows": rows, "hasRows": !rows.isEmpty, "registries": registryLinks, "hasRegistry": !report.documents.isEmpty,
            "everyPort": report.demandsEveryPort,
            "summary": [
                ["label": "registered, matching", "value": count(.registered)],
                ["label": "disagree with the manifests", "value": count(.mismatch)],
                ["label": "registered, not in the manifests", "value": count(.notExposed)],
                ["label": "exposed, not registered", "value": count(.unregistered)],
            ] as [[String: Any]],
            "diagnostics": findings.map { diagnosticContext($0, from: page) }, "hasFindings": !findings.isEmpty,
        ])
        return [try render("ports", page: page, context)]
    }

    func portsEntryContext(_ entry: PortRegistryReport.Entry, page: String) -> [String: Any] {
        var exposures: [String] = []
        for port in entry.ports {
            // Name the port itself when it is not the one the row says.
            let differs = entry.row.map { $0.port != port.port || !$0.protocols.contains(port.protocol) } ?? false
            let text = differs ? "\(port.portProtocol) · \(port.exposure)" : port.exposure
            if !exposures.contains(text) { exposures.append(text) }
        }
        var context: [String: Any] = [
            "status": entry.status.rawValue, "statusClass": SiteBuilder.anchor(entry.status.rawValue),
            "ok": entry.status == .registered, "problems": entry.problems,
            "manifest": exposures.joined(separator: "; "),
            "manifestURL": entry.ports.first.flatMap { urls.source($0.location) }.map { SiteURLs.relative(from: page, to: $0) } ?? "",
        ]
        if let row = entry.row {
            context["service"] = row.service
            context["namespace"] = row.namespace ?? ""
            context["port"] = row.portText
            context["portSort"] = row.port.map(String.init) ?? row.portText
            context["protocols"] = row.protocols.joined(separator: "+")
            context["exposure"] = row.exposureText
            context["notes"] = row.notes
            context["section"] = row.section ?? ""
            context["line"] = row.location.line
            context["rowURL"] = urls.source(row.location).map { SiteURLs.relative(from: page, to: $0) } ?? ""
        } else if let port = entry.ports.first {
            context["service"] = port.name
            context["namespace"] = port.namespace ?? ""
            context["port"] = String(port.port)
            context["portSort"] = String(port.port)
            context["protocols"] = port.protocol
            context["exposure"] = ""
            context["unregistered"] = true
        }
        return context
    }

    /// Values this section adds to a service page (rendered by `partials/service-ports`).
    func portsServiceContext(_ service: Service, page: String) -> [String: Any] {
        let entries = analysis.ports.entries(of: service.id)
        guard !entries.isEmpty else { return [:] }
        let registry = analysis.ports.documents.first.flatMap(urls.document).map { SiteURLs.relative(from: page, to: $0) }
        return ["portRegistry": [
            "rows": entries.map { portsEntryContext($0, page: page) },
            "registryURL": registry ?? "",
            "portsURL": SiteURLs.relative(from: page, to: "ports/index.html"),
            "drift": entries.filter { $0.status != .registered }.count,
        ] as [String: Any]]
    }
}
