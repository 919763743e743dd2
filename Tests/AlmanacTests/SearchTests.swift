@testable import AlmanacSite
import Foundation
import Testing

@Suite struct SearchTokenizerTests {
    /// The cases the browser suite runs against search.js too (Tests/browser/tokenizer-cases.json).
    @Test func sharedCasesGiveExactlyTheListedTerms() throws {
        struct Cases: Decodable { var cases: [[Case]] }
        enum Case: Decodable {
            case text(String), terms([String])
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) { self = .text(text) } else { self = .terms(try container.decode([String].self)) }
            }
        }
        let data = try Data(contentsOf: projectRoot.appendingPathComponent("Tests/browser/tokenizer-cases.json"))
        let cases = try JSONDecoder().decode(Cases.self, from: data).cases
        #expect(cases.count >= 10)
        for pair in cases {
            guard case .text(let text) = pair[0], case .terms(let expected) = pair[1] else {
                Issue.record("malformed case \(pair)")
                continue
            }
            #expect(SearchTokenizer.terms(text) == expected, "\(text)")
        }
    }

    @Test func ipAddressesKeepTheirSubnetPrefix() {
        #expect(SearchTokenizer.terms("LB 10.10.0.201:32400") == ["lb", "10.10.0.201", "10.10.0", "32400"])
        #expect(SearchTokenizer.terms("256.1.1.1") == ["256.1.1.1"])
    }

    @Test func imageReferencesSplitIntoRegistryPathNameAndTag() {
        #expect(SearchTokenizer.terms("ghcr.io/home-assistant/home-assistant:2024.12.5") ==
                ["ghcr.io", "ghcr", "io", "home-assistant", "home", "assistant", "home-assistant", "home", "assistant", "2024.12.5"])
    }

    @Test func camelCaseAlertNamesSplitIntoWords() {
        #expect(SearchTokenizer.terms("KubePodCrashLooping") == ["kubepodcrashlooping", "kube", "pod", "crash", "looping"])
        #expect(SearchTokenizer.terms("HTTPRoute") == ["httproute", "http", "route"])
    }

    @Test func stopWordsAndDigestsAreDropped() {
        #expect(SearchTokenizer.terms("the backup of a volume") == ["backup", "volume"])
        #expect(SearchTokenizer.terms(String(repeating: "ab12", count: 8)) == [])
    }

    /// search.js carries its own copy of the stop words; they must be the same words.
    @Test func browserStopWordsMatch() throws {
        let script = try String(contentsOf: projectRoot.appendingPathComponent("site-templates/assets/search.js"), encoding: .utf8)
        let line = try #require(script.split(separator: "\n").first { $0.contains("var STOP = new Set(") })
        let quoted = try #require(line.split(separator: "\"").dropFirst().first)
        #expect(Set(quoted.split(separator: " ").map(String.init)) == SearchTokenizer.stopWords)
    }
}

@Suite struct SearchDocumentTests {
    static let page = """
    <!doctype html><html><head><title>plex · Lab</title>
    <meta name="almanac:kind" content="service"><meta name="almanac:category" content="apps/media">
    <meta name="almanac:keywords" content="plex 10.10.0.201 plexinc/pms-docker:1.41">
    </head><body><header><nav>Home Services</nav></header>
    <main id="main"><h1>plex</h1><p class="lede">Movies &amp; TV</p>
    <nav class="toc"><a href="#a">Workloads</a></nav>
    <section><h2 id="workloads">Workloads</h2><h3><span>StatefulSet</span> plex</h3>
    <p>Port <code>32400</code>/TCP<br>on&nbsp;node&#32;k3s-gpu-01</p><script>var x = "hidden";</script>
    <svg><text>graph label</text></svg><div data-search-ignore><p>ignored <b>text</b></p></div>
    <img src="x.png" alt="topology diagram"></section>
    <!-- <h2 id="commented">no</h2> -->
    <h2 id="readme">README</h2><p>Uses &lt;b&gt; literally.</p></main>
    <footer>Generated</footer></body></html>
    """

    @Test func readsTitleMetaHeadingsAndTextOfMainOnly() {
        let document = SearchDocument(path: "services/plex/index.html", html: Array(Self.page.utf8))
        #expect(document == SearchDocument(
            path: "services/plex/index.html", title: "plex", kind: "service", category: "apps/media",
            keywords: "plex 10.10.0.201 plexinc/pms-docker:1.41", skip: false,
            sections: [
                .init(anchor: "", heading: "", minorHeadings: [], text: "Movies & TV"),
                .init(anchor: "workloads", heading: "Workloads", minorHeadings: ["StatefulSet plex"],
                      text: "StatefulSet plex Port 32400/TCP on node k3s-gpu-01 topology diagram"),
                .init(anchor: "readme", heading: "README", minorHeadings: [], text: "Uses <b> literally."),
            ]))
    }

    @Test func pagesWithoutMetaArePagesAndSkipIsHonoured() {
        let plain = SearchDocument(path: "graph/index.html", html: Array("<title>Graph · Lab</title><main><p>x</p></main>".utf8))
        #expect(plain.title == "Graph")
        #expect(plain.kind == "page")
        let skipped = SearchDocument(path: "404.html", html: Array("<meta name=\"almanac:search\" content=\"skip\"><main></main>".utf8))
        #expect(skipped.skip)
    }
}

@Suite struct SearchIndexTests {
    @Test func postingsAreBase64VLQGaps() {
        // Pages 0–2 lack the term; page 3 has it in the body of section 0 (code 0·8+0), page 4 as
        // a heading of section 0 (code 1); the term of page 40 only: a gap of 40.
        func page(_ number: Int, _ heading: String, _ text: String) -> SearchDocument {
            SearchDocument(path: "p\(number)/index.html", title: "Page", kind: "doc", category: "", keywords: "", skip: false,
                           sections: [.init(anchor: "", heading: heading, minorHeadings: [], text: text)])
        }
        let pages = (0...40).map { number in
            number == 3 ? page(3, "", "velero") : number == 4 ? page(4, "velero", "") : page(number, "", number == 40 ? "restic" : "")
        }
        let terms = Dictionary(uniqueKeysWithValues: SearchIndex.build(pages).terms.map { ($0.term, $0.postings) })
        #expect(terms["velero"] == "DABB")
        #expect(terms["restic"] == "oBA")
    }

    @Test func literalsAreSafeInsideScripts() {
        #expect(SearchEncoding.literal("a\"b</script>\u{2028}&") == "\"a\\\"b\\u003c/script\\u003e\\u2028\\u0026\"")
    }

    @Test func termCodesKeepBestFieldAndTheSectionAHitOpens() {
        let document = SearchDocument(
            path: "operations/runbooks/certs/index.html", title: "Certificate renewal", kind: "runbook", category: "operations/runbooks",
            keywords: "CertificateRenewalFailure", skip: false,
            sections: [
                .init(anchor: "", heading: "", minorHeadings: [], text: "Renewal runs daily."),
                .init(anchor: "certificaterenewalfailure", heading: "CertificateRenewalFailure", minorHeadings: [], text: "Check traefik."),
            ])
        let codes = Dictionary(uniqueKeysWithValues: SearchIndex.termCodes(of: document))
        #expect(codes["certificate"] == 0 * 8 + 3)                 // title word: opens the top
        #expect(codes["certificaterenewalfailure"] == 1 * 8 + 2)   // keyword, opens its heading
        #expect(codes["traefik"] == 1 * 8 + 0)                     // body of section 1
        #expect(codes["daily"] == 0 * 8 + 0)
        #expect(codes["runbooks"] == 0 * 8 + 2)                    // category words are keywords
        let alert = SearchDocument(path: "alerts/CertificateRenewalFailure/index.html", title: "CertificateRenewalFailure", kind: "alert",
                                   category: "", keywords: "", skip: false, sections: [.init(anchor: "", heading: "", minorHeadings: [], text: "")])
        #expect(SearchIndex.termCodes(of: alert).map { "\($0.0)=\($0.1)" }.sorted()
                == ["certificate=2", "certificaterenewalfailure=4", "failure=2", "renewal=2"]) // pieces rank as keywords
        let service = SearchDocument(path: "services/plex/index.html", title: "plex", kind: "service", category: "", keywords: "",
                                     skip: false, sections: [.init(anchor: "", heading: "", minorHeadings: [], text: "")])
        #expect(SearchIndex.termCodes(of: service).map(\.1) == [4])
    }

    @Test func shardsSplitByLongerPrefixesOverBudget() {
        let terms = ["sea", "sec", "secret", "secrets", "service", "so", "sonarr"]
        let small = SearchIndex.shards(terms, sizes: terms.map { _ in 10 })
        #expect(small.map(\.key) == ["se", "so"])
        let big = SearchIndex.shards(terms, sizes: terms.map { $0.hasPrefix("se") ? 5_000 : 10 })
        #expect(big.map(\.key) == ["sea", "sec", "secr", "ser", "so"])
        #expect(big.map(\.range) == [[0], [1], [2, 3], [4], [5, 6]])
    }

    @Test func facetsEncodeKindAndCategoryPerPage() {
        func document(_ path: String, _ kind: String, _ category: String) -> SearchDocument {
            SearchDocument(path: path, title: path, kind: kind, category: category, keywords: "", skip: false, sections: [])
        }
        let index = SearchIndex.build([document("a", "page", ""), document("b", "service", "apps/media"), document("c", "runbook", "ops")])
        #expect(index.facets() == "{\"kinds\":[\"service\",\"runbook\",\"page\"],\"categories\":[\"\",\"apps/media\",\"ops\"],\"width\":1,\"pages\":\"200112\"}")
    }
}

@Suite struct ReadingTests {
    @Test func embeddedReadmesLoseTheirH1AndPrefixTheirIDs() {
        let html = "<h1 id=\"minio\">MinIO</h1>\n<p><a href=\"#ports\">see</a> <code>&lt;h1&gt;</code></p>\n<h2 id=\"ports\">Ports</h2>\n<h3 id=\"readme-x\">x <a href=\"#readme-x\">#</a></h3>"
        #expect(SiteBuilder.embeddedReadme(html) ==
                "<h2 id=\"readme-minio\">MinIO</h2>\n<p><a href=\"#readme-ports\">see</a> <code>&lt;h1&gt;</code></p>\n<h2 id=\"readme-ports\">Ports</h2>\n<h3 id=\"readme-x\">x <a href=\"#readme-x\">#</a></h3>")
    }

    @Test func documentBodiesKeepOneTitle() {
        #expect(SiteBuilder.keepingOneTitle("<h2 id=\"a\">A</h2>") == "<h2 id=\"a\">A</h2>")
        #expect(SiteBuilder.keepingOneTitle("<h1 id=\"t\">T</h1><h2 id=\"a\">A</h2>") == "<h2 id=\"t\">T</h2><h3 id=\"a\">A</h3>")
    }
}

/// The index of the built sample site: every page is in it, and an IP finds its service.
@Suite(.serialized) struct SearchSiteTests {
    static func build(_ repo: String) throws -> (URL, [String: Data]) {
        let out = temporaryDirectory("search")
        let result = runCLI(["build", repo, "--out", out.path, "--quiet"])
        #expect([0, 1].contains(result.code), "\(result.stderr)")
        return (out, files(under: out))
    }

    /// Terms → postings of the built index, decoded the way search.js decodes them.
    static func postings(_ site: [String: Data], term: String) throws -> [(Int, Int)] {
        for (path, data) in site where path.hasPrefix("assets/search/t/") {
            let text = String(decoding: data, as: UTF8.self)
            let json = text.drop { $0 != "{" }.dropLast(3)
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: String]
            guard let encoded = object[term] else { continue }
            let values = encoded.map { SearchEncoding.vlqDigits.firstIndex(of: $0)! }
            var numbers: [Int] = [], value = 0, shift = 0
            for digit in values {
                value += (digit & 31) << shift
                shift += 5
                if digit & 32 == 0 { numbers.append(value); value = 0; shift = 0 }
            }
            var document = 0
            return stride(from: 0, to: numbers.count, by: 2).map { index in
                document += numbers[index]
                return (document, numbers[index + 1])
            }
        }
        return []
    }

    /// Page `number`'s fragment, from the file its group of pages shares.
    static func fragment(_ site: [String: Data], _ number: Int) throws -> [String: Any] {
        let group = SearchIndex.fragmentGroup
        let text = String(decoding: site["assets/search/p/\(number / group).js"]!, as: UTF8.self)
        #expect(text.hasPrefix("almanacSearch(\"pages\",\(number / group * group),["))
        let json = text.drop { $0 != "[" }.dropLast(3)
        let pages = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
        return pages[number % group]
    }

    @Test func sampleIndexCoversEveryPageButSourceViewsAndFindsAnIP() throws {
        let (out, site) = try Self.build(projectRoot.appendingPathComponent("content").path)
        defer { try? FileManager.default.removeItem(at: out) }
        let indexable = site.keys.filter { $0.hasSuffix(".html") && !$0.hasPrefix("source/") && $0 != "404.html" && $0 != "search/index.html" }
        let fragments = site.keys.filter { $0.hasPrefix("assets/search/p/") }
        #expect(fragments.count == (indexable.count + SearchIndex.fragmentGroup - 1) / SearchIndex.fragmentGroup)
        let manifest = String(decoding: site["assets/search/manifest.js"]!, as: UTF8.self)
        #expect(manifest.contains("\"pages\":\(indexable.count),"))
        let address = try Self.postings(site, term: "10.10.0.201")
        let holders = try address.filter { try Self.fragment(site, $0.0)["k"] as? String == "service" }
        #expect(holders.count == 1)
        let plex = try Self.fragment(site, try #require(holders.first).0)
        #expect(plex["u"] as? String == "services/plex/index.html")
        #expect(holders.first.map { $0.1 & 7 } == SearchIndex.Field.keyword.rawValue)
        let runbook = try Self.postings(site, term: "certificaterenewalfailure")
        let pages = try runbook.map { try Self.fragment(site, $0.0)["u"] as! String }
        #expect(pages.contains("operations/runbooks/certificate-renewal/index.html"))
    }

    @Test func miniIndexIsByteIdenticalAcrossBuilds() throws {
        let fixture = projectRoot.appendingPathComponent("Tests/AlmanacTests/Fixtures/mini-repo").path
        let (first, a) = try Self.build(fixture)
        let (second, b) = try Self.build(fixture)
        defer { try? FileManager.default.removeItem(at: first); try? FileManager.default.removeItem(at: second) }
        let index = a.keys.filter { $0.hasPrefix("assets/search/") }.sorted()
        #expect(index.count > 10)
        #expect(index == b.keys.filter { $0.hasPrefix("assets/search/") }.sorted())
        for path in index { #expect(a[path] == b[path], "\(path)") }
    }
}
