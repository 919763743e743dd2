import AlmanacModel
@testable import AlmanacAnalysis
@testable import AlmanacScan
@testable import AlmanacSite
import Foundation
import Testing

/// The docs of content/, the sample repo: every file has a page reachable from the navigation,
/// every diagram is shown the way its kind calls for, and every anchor resolves.
@Suite struct SampleDocsTests {
    static let content = projectRoot.appendingPathComponent("content")

    @Test func everyDocumentHasAPageInTheNavigationAndEveryDiagramIsShown() throws {
        let repository = try RepositoryScanner(root: Self.content).scan().repository
        let out = temporaryDirectory("sample-docs")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", Self.content.path, "--out", out.path, "--quiet"])
        let site = files(under: out).mapValues { String(decoding: $0, as: UTF8.self) }
        let documents = repository.documents.filter { $0.path.hasPrefix("docs/") }
        #expect(documents.count >= 55)
        // Every document is in the side navigation of its folder's index page (the navigation holds
        // the path to a page and its folders' documents, not the whole tree).
        for document in documents {
            let page = DocumentPagePath.of(document.path)
            #expect(site[page] != nil, "no page for \(document.path)")
            let parts = page.split(separator: "/").dropLast(2)
            let folderPage = parts.isEmpty ? "docs/index.html" : parts.joined(separator: "/") + "/index.html"
            let navigation = site[folderPage] ?? site["docs/index.html"] ?? ""
            let from = site[folderPage] != nil ? folderPage : "docs/index.html"
            #expect(navigation.contains("href=\"\(SiteURLs.relative(from: from, to: page))\""),
                    "\(document.path) is not in the navigation of \(folderPage)")
        }
        // Section index pages for each docs folder: operations lists its three kinds of document.
        let operations = try #require(site["operations/index.html"])
        for folder in ["guides", "maintenance", "runbooks"] {
            #expect(operations.contains("<a href=\"../operations/\(folder)/index.html\">"), "operations lists \(folder)")
        }
        #expect(site["architecture/index.html"] != nil && site["reference/index.html"] != nil)
        // Diagrams: Graphviz inline, SVG as an image, PlantUML and Mermaid as source with a download.
        let diagrams = try #require(site["architecture/diagrams/index.html"])
        #expect(diagrams.contains("<figure class=\"diagram-file\" id=\"diagram-gitops-flow-dot\">"))
        #expect(diagrams.contains("<title>cluster_waves</title>"))
        #expect(diagrams.contains("<img src=\"../../assets/files/docs/architecture/diagrams/network-topology.svg\""))
        #expect(diagrams.contains("@startuml c4-context"))
        #expect(diagrams.contains("flowchart LR"))
        for file in ["c4-context.puml", "data-flow.mermaid", "gitops-flow.dot", "network-topology.svg", "gitops-flow.dot.svg"] {
            #expect(site["assets/files/docs/architecture/diagrams/\(file)"] != nil, "\(file) not published")
        }
        // The table links to the diagram files lead to their figures.
        #expect(diagrams.contains("href=\"../../architecture/diagrams/index.html#diagram-c4-context-puml\""))
        // Every heading anchor a document links to exists on the target page.
        var checked = 0
        for document in documents {
            for link in document.links where !link.isImage && link.url.contains("#") && !link.url.contains("://") {
                let (target, fragment) = (String(link.url.prefix { $0 != "#" }), String(link.url.drop { $0 != "#" }.dropFirst()))
                let base = (document.path as NSString).deletingLastPathComponent
                let path = target.isEmpty ? document.path : RepositoryPath.normalize(base + "/" + target) ?? ""
                guard let page = site[DocumentPagePath.of(path)] else { continue }
                #expect(page.contains("id=\"\(fragment)\""), "\(link.location): #\(fragment) not on \(path)'s page")
                checked += 1
            }
        }
        #expect(checked >= 50)
    }
}
