@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
@testable import AlmanacSite
import Foundation
import Graphviz
import Testing

/// ADRs, runbooks and alerts of content/, the sample repo.
@Suite(.serialized) struct KnowledgeSampleTests {
    static let content = projectRoot.appendingPathComponent("content")

    static func site() throws -> (Repository, Analyzer.Result, Site) {
        let repository = try RepositoryScanner(root: content).scan().repository
        let analysis = Analyzer.analyze(repository)
        let site = try SiteBuilder(repository: repository, analysis: analysis, diagnostics: analysis.findings,
                                   templates: TemplateRenderer()).build()
        return (repository, analysis, site)
    }

    @Test func everyADRRunbookAndAlertIsReadAndLinked() throws {
        let (repository, analysis, site) = try Self.site()
        let knowledge = analysis.knowledge
        #expect(knowledge.adrs.map { $0.adr.number ?? 0 } == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 19])
        #expect(knowledge.adrs.filter { $0.adr.format == .madr }.map { $0.adr.number! } == [4, 5, 7, 12, 15, 17, 18, 19])
        let statuses = Dictionary(grouping: knowledge.adrs) { $0.adr.status?.name ?? "none" }.mapValues(\.count)
        #expect(statuses == ["accepted": 13, "superseded": 2, "deprecated": 1, "proposed": 1, "rejected": 1])
        let eight = try #require(knowledge.adrs.first { $0.adr.number == 8 })
        #expect(eight.links.map { "\($0.kind.rawValue) \($0.number!) \($0.derived)" } == ["Superseded by 9 false"])
        let six = try #require(knowledge.adrs.first { $0.adr.number == 6 })
        #expect(six.links.map { "\($0.kind.rawValue) \($0.number!)" } == ["Amended by 11"])
        #expect(knowledge.adrs.first { $0.adr.number == 7 }?.adr.chosenOption == "Longhorn")
        #expect(knowledge.adrs.first { $0.adr.number == 14 }?.serviceIDs.contains("k3s/apps/dev-tools/drone") == true)
        #expect(knowledge.runbooks.count == repository.documents.filter { $0.kind == .runbook }.count)
        // Every alert has a page; all but JellyfinDown lead to a runbook section.
        for alert in knowledge.alerts {
            #expect(site.pages.contains { $0.path == "alerts/\(alert.name)/index.html" }, "\(alert.name)")
            if alert.name != "JellyfinDown" { #expect(alert.runbook?.section == alert.name, "\(alert.name)") }
        }
        #expect(knowledge.alerts.count == Set(repository.alerts.map(\.name)).count)
        let jellyfin = try #require(site.pages.first { $0.path == "alerts/JellyfinDown/index.html" })
        #expect(String(decoding: jellyfin.data, as: UTF8.self).contains("No runbook covers this alert yet."))
        // One page per ADR: the document's own page, never a second copy elsewhere.
        #expect(!site.pages.contains { $0.path.hasPrefix("adrs/") && $0.path != "adrs/index.html" })
        for entry in knowledge.adrs {
            let page = try #require(site.pages.first { $0.path == DocumentPagePath.of(entry.adr.path) })
            #expect(String(decoding: page.data, as: UTF8.self).contains("aria-label=\"Decision record\""))
        }
    }

    @Test func theADRGraphIsTheSameEveryTime() throws {
        let (_, _, site) = try Self.site()
        let page = try #require(site.pages.first { $0.path == "adrs/index.html" })
        let text = String(decoding: page.data, as: UTF8.self)
        #expect(text.contains("<svg"))
        #expect(text.contains(">ADR-016"))
        let (_, _, again) = try Self.site()
        #expect(again.pages.first { $0.path == "adrs/index.html" }?.data == page.data)
    }
}
