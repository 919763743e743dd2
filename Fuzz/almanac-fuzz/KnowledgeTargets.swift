import AlmanacModel
@testable import AlmanacAnalysis
@testable import AlmanacScan

/// (3) ADRs: a record read from its document (`ADRParser.parse`), and a committed version read
/// from plain text (`ADRParser.parse(text:path:)`, the history view).
enum ADRTarget {
    static let path = "docs/architecture/decisions/ADR-014-fuzz.md"

    static func run(_ text: String) {
        let lines = lineCount(text)
        let (document, _) = MarkdownReader.read(path: path, text: text)
        require(ADRParser.isRecord(document), "\(path) is not read as a record")
        let adr = ADRParser.parse(document)
        let committed = ADRParser.parse(text: text, path: path)
        check(adr, lines: lines)
        check(committed, lines: lines)
        if let crlf = withCRLF(text) {
            let crlfADR = ADRParser.parse(MarkdownReader.read(path: path, text: crlf).0)
            require(crlfADR == adr, "the record reads differently with CRLF line ends:\n\(crlfADR)\n\(adr)")
            let crlfCommitted = ADRParser.parse(text: crlf, path: path)
            require(crlfCommitted == committed, "the committed record reads differently with CRLF line ends:\n\(crlfCommitted)\n\(committed)")
        }
    }

    static func check(_ adr: ADR, lines: Int) {
        require(adr.number == 14, "number \(String(describing: adr.number)) instead of the file name's 14")
        var places = adr.relations.map(\.location.line)
        if let line = adr.statusLocation?.line { places.append(line) }
        if let line = adr.decisionLine { places.append(line) }
        for line in places { require(line >= 1 && line <= lines, "ADR place at line \(line) of \(lines)") }
    }
}

/// (4) Runbooks and alert resolution. The first line of the input is an alert's `runbook_url`;
/// the rest is a runbook, read by `RunbookReader` and resolved against by `RunbookURLResolver`
/// (with a base URL, a mapped upstream prefix and a few other documents).
enum RunbookTarget {
    static let path = "docs/operations/runbooks/fuzz.md"
    static let alerts = ["NodeDown", "KubePodCrashLooping", "CertificateExpiringSoon", "LonghornVolumeDegraded",
                         "PostgreSQLReplicationLag", "TargetDown"]
    static let looseAlerts = Dictionary(alerts.map { (MarkdownLines.loose($0), $0) }, uniquingKeysWith: { first, _ in first })
    static let services: Set<String> = ["postgresql", "longhorn", "cert-manager", "sonarr", "traefik", "node-exporter"]
    static let config: SiteConfig = {
        var config = SiteConfig(baseURL: "https://docs.lab.example.com/")
        config.runbookURLPrefixes = ["https://runbooks.prometheus-operator.dev/runbooks/": "docs/operations/runbooks/upstream/"]
        return config
    }()
    static let others: [Document] = [
        Document(path: "docs/operations/runbooks/upstream/general/targetdown.md", kind: .runbook, title: "TargetDown",
                 body: "# TargetDown\n\n## Diagnosis\n", anchors: ["targetdown", "diagnosis"]),
        Document(path: "docs/operations/runbooks/node-down.md", kind: .runbook, title: "Node down",
                 body: "# Node down\n\n## NodeDown\n", anchors: ["node-down", "nodedown"]),
        Document(path: "docs/README.md", kind: .doc, title: "Docs", body: "# Docs\n", anchors: ["docs"]),
    ]

    static func run(_ text: String) {
        let bytes = Array(text.utf8)
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        let url = String(decoding: bytes[..<newline], as: UTF8.self)
        let body = String(decoding: bytes[min(newline + 1, bytes.count)...], as: UTF8.self)
        let (document, _) = MarkdownReader.read(path: path, text: body)
        let lines = lineCount(body)

        let runbook = RunbookReader.read(document, alertNames: looseAlerts, serviceNames: services)
        for section in runbook.sections {
            require(section.line >= document.bodyLine && section.line <= lines, "section at line \(section.line) of \(lines)")
        }
        if runbook.alertsEvidence == .text {
            require(runbook.alerts.allSatisfy(alerts.contains), "alerts \(runbook.alerts) found in the text are not defined")
        }
        if runbook.servicesEvidence == .text {
            require(runbook.services.allSatisfy(services.contains), "services \(runbook.services) found in the text do not exist")
        }
        if let crlf = withCRLF(body) {
            let crlfRunbook = RunbookReader.read(MarkdownReader.read(path: path, text: crlf).0,
                                                 alertNames: looseAlerts, serviceNames: services)
            require(crlfRunbook == runbook, "the runbook reads differently with CRLF line ends:\n\(crlfRunbook)\n\(runbook)")
        }
        for alert in alerts {
            if let section = runbook.section(about: alert) { require(runbook.sections.contains(section), "section not in the runbook") }
        }

        let resolver = RunbookURLResolver(config: config, documents: others + [document], alertNames: Set(alerts))
        let alert = alerts[bytes.count % alerts.count]
        switch resolver.resolve(url, alert: alert) {
        case .document(let target, let anchor):
            require(resolver.documentPaths.contains(target), "resolved to \(target), not a document")
            if let anchor { require(resolver.anchors[target]?.contains(anchor) == true, "#\(anchor) is not a heading of \(target)") }
        case .alertPage(let name):
            require(alerts.contains(name), "resolved to the page of \(name), not an alert")
        case .external, .unresolved:
            break
        }
    }
}

/// (5) The port registry: every pipe table (`MarkdownTable.parse`) and the registry rows read
/// from them (`PortRegistry.rows`).
enum PortsTarget {
    static let path = "docs/reference/port-registry.md"

    static func run(_ text: String) {
        let lines = lineCount(text)
        let tables = MarkdownTable.parse(text, firstLine: 1)
        if let crlf = withCRLF(text) {
            let crlfTables = MarkdownTable.parse(crlf, firstLine: 1)
            require(crlfTables == tables, "tables read differently with CRLF line ends:\n\(crlfTables)\n\(tables)")
        }
        for table in tables {
            require(table.alignments.count == table.header.count, "\(table.alignments.count) alignments, \(table.header.count) columns")
            require(table.line >= 1 && table.line + 1 <= lines, "table at line \(table.line) of \(lines)")
            var previous = table.line + 1
            for row in table.rows {
                require(row.cells.count == table.header.count, "row of \(row.cells.count) cells under \(table.header.count) columns")
                require(row.line > previous && row.line <= lines, "row at line \(row.line) after \(previous), of \(lines)")
                previous = row.line
            }
        }
        let (document, _) = MarkdownReader.read(path: path, text: text)
        require(PortRegistry.isRegistry(document), "\(path) is not read as the registry")
        let (rows, problems) = PortRegistry.rows(of: document)
        for row in rows {
            if let port = row.port { require((1...65535).contains(port), "port \(port)") }
            require(!row.protocols.isEmpty, "row without a protocol")
            require(row.location.line >= document.bodyLine && row.location.line <= lines, "row at line \(row.location.line) of \(lines)")
        }
        for problem in problems {
            require(problem.location.line >= 1 && problem.location.line <= lines, "problem at line \(problem.location.line) of \(lines)")
        }
    }
}
