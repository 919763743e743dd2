import AlmanacModel
import AlmanacOutput
@testable import AlmanacSite
import CMark
import Foundation
import Testing

/// The pieces that let a site be rendered once and streamed: slotted Markdown, the one parallel
/// map, the writer session and the page stream.
@Suite struct StreamingTests {
    /// Rendering with slots and filling them gives exactly the HTML of a render that rewrites the
    /// links directly, for every kind of destination, and unsafe ones are still dropped.
    @Test(arguments: [
        "See [a](../runbooks/x.md#step-2) and ![img](./diagram.png \"t\").",
        "Odd [b](<a b&c'd\"e.md>) [c](ä/ö.md) [d](x.md?q=1&r=2) <https://example.com/x?y=1&z=2>",
        "| t | u |\n|---|---|\n| [e](e.md) | www.example.com |\n\n~~[f](f.md)~~",
        "[bad](javascript:alert(1)) [data](data:text/html,x) ![ok](data:image/png;base64,AAAA)",
        "Text that mentions almanac-slot-3. as words only.",
    ])
    func slottedRenderingEqualsADirectRender(markdown: String) {
        func rewrite(_ url: String, _ isImage: Bool) -> String? {
            url.hasSuffix(".md") ? "../../pages/\(url.dropLast(3))/index.html" : (isImage ? "assets/files/\(url)" : nil)
        }
        let direct = MarkdownRenderer.render(markdown, rewriteLink: rewrite)
        guard let slotted = MarkdownRenderer.renderSlotted(markdown) else {
            // The text holds the slot marker: the caller renders directly instead.
            #expect(markdown.contains(MarkdownRenderer.slotPrefix))
            return
        }
        let filled = MarkdownRenderer.fillSlots(slotted.html) { index in
            let link = slotted.links[index]
            return rewrite(link.url, link.isImage) ?? link.url
        }
        #expect(filled == direct.html)
        #expect(slotted.links == direct.links)
        #expect(slotted.headings == direct.headings)
        #expect(!filled.contains("javascript:"))
    }

    @Test func parallelMapKeepsOrderAndThrowsTheFirstErrorByPosition() throws {
        #expect(Parallel.map(Array(0..<1_000)) { $0 * 2 } == Array(0..<1_000).map { $0 * 2 })
        struct Failure: Error, Equatable { var index: Int }
        #expect(throws: Failure(index: 3)) {
            _ = try Parallel.map(Array(0..<100)) { index -> Int in
                if index == 3 || index == 70 { throw Failure(index: index) }
                return index
            }
        }
    }

    /// Files written from many threads land in the fresh tree; nothing reaches the destination
    /// before `commit`, and `abort` leaves the old site as it was.
    @Test func writerSessionsCommitOrLeaveTheOldSite() throws {
        let out = temporaryDirectory("session").appendingPathComponent("site")
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        let first = try SiteWriter(destination: out).begin()
        try Parallel.each(Array(0..<200)) { index in
            try first.write(path: "d\(index % 7)/p\(index)/index.html", data: Data("page \(index)".utf8))
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        try first.commit()
        #expect(try String(contentsOf: out.appendingPathComponent("d3/p10/index.html"), encoding: .utf8) == "page 10")

        let second = try SiteWriter(destination: out).begin()
        try second.write(path: "index.html", data: Data("new".utf8))
        #expect(throws: SiteWriter.Failure.self) { try second.write(path: "../escape.html", data: Data()) }
        second.abort()
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("d3/p10/index.html").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
    }

    /// Two sections sending the same path: the one listed later wins, whichever arrives first.
    @Test func aLaterSectionWinsAPathWhateverTheTiming() throws {
        let collector = PageCollector()
        let stream = PageStream(sink: collector)
        try stream.emit(Page(path: "x/index.html", text: "<title>late · S</title><main><h1>Late</h1></main>"), rank: 5)
        try stream.emit(Page(path: "x/index.html", text: "<title>early · S</title><main><h1>Early</h1></main>"), rank: 2)
        try stream.emit(Page(path: "y/index.html", text: "<title>y · S</title><main><h1>Y</h1></main>"), rank: 1)
        #expect(collector.pages.first { $0.path == "x/index.html" }.map { String(decoding: $0.data, as: UTF8.self) }?
            .contains("Late") == true)
        #expect(stream.paths() == ["x/index.html", "y/index.html"])
        let entries = stream.takeSearchEntries()
        #expect(entries.map(\.path) == ["x/index.html", "y/index.html"])
        #expect(entries.first?.fragment.contains("\"t\":\"Late\"") == true)
        #expect(stream.takeSearchEntries().isEmpty)   // handed over, not kept
    }
}
