import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// The secrets fixture plants a canary (`cnry…`) in every place real repos keep secrets: Helm
/// values, values files of a local chart, Argo `helm.parameters`/`values`/`valuesObject`, Flux
/// `postBuild.substitute`, kustomize generator literals, env in block and flow style, arguments,
/// URLs, Authorization headers, private keys, token shapes, password hashes, Secret data, SOPS,
/// `.env` files, Pulumi stacks and a runbook's code. No canary may appear in any output file,
/// plain or base64-encoded.
@Suite struct SecretCanaryTests {
    static let fixture = projectRoot.appendingPathComponent("Tests/AlmanacTests/Fixtures/secrets-repo")

    /// Every canary planted in the fixture, read from its files (so a new one is covered at once).
    static func canaries() throws -> Set<String> {
        var found = Set<String>()
        let pattern = try NSRegularExpression(pattern: "(?i)cnry[0-9]{2}[A-Za-z0-9]+")
        for (_, data) in files(under: fixture) {
            let text = String(decoding: data, as: UTF8.self)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                found.insert(String(text[Range(match.range, in: text)!]))
            }
        }
        found.insert("cnry30b64data")  // planted base64-encoded in a Secret's data
        return found
    }

    /// The base64 forms a canary can take inside a longer encoded value: one per alignment.
    static func encodings(of canary: String) -> [String] {
        (0..<3).map { offset in
            let encoded = (Data(repeating: 0, count: offset) + Data(canary.utf8)).base64EncodedString()
            // Drop the characters that depend on the neighbouring bytes.
            let characters = Array(encoded)
            let start = offset == 0 ? 0 : 4
            return String(characters[start..<max(start, characters.count - 4)])
        }
    }

    @Test func noCanaryReachesAnyOutputFile() throws {
        let canaries = try Self.canaries()
        #expect(canaries.count >= 48)
        let out = temporaryDirectory("canaries")
        defer { try? FileManager.default.removeItem(at: out) }
        // Diagnostics as JSON on stdout: checked with the rest of the console below.
        let result = runCLI(["build", Self.fixture.path, "--out", out.path, "--no-git-history", "--diagnostics", "json"])
        #expect(result.code == 1, "the fixture commits a plaintext Secret")
        let site = files(under: out)
        #expect(site.count > 20)
        var leaks: [String] = []
        for (path, data) in site {
            let text = String(decoding: data, as: UTF8.self)
            for canary in canaries {
                if text.contains(canary) { leaks.append("\(path): \(canary)") }
                for encoded in Self.encodings(of: canary) where text.contains(encoded) { leaks.append("\(path): \(canary) (base64)") }
            }
        }
        for stream in [result.stdout, result.stderr] {
            for canary in canaries where stream.contains(canary) { leaks.append("console: \(canary)") }
        }
        #expect(leaks.sorted() == [])
    }

    @Test func sourceViewsMarkEachMaskWithItsReason() throws {
        let out = temporaryDirectory("canary-views")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = runCLI(["build", Self.fixture.path, "--out", out.path, "--quiet", "--no-git-history"])
        let page = try String(contentsOf: out.appendingPathComponent("source/kubernetes/apps/vault/app/deployment.yaml.html"),
                              encoding: .utf8)
        #expect(page.contains("<summary><strong>12 secret values hidden</strong>"))
        #expect(page.contains(##"<a href="#L29">line 29</a>: value of &#39;DB_PASSWORD&#39;, whose name looks secret"##))
        #expect(page.contains(#"- {name: API_TOKEN, value: &quot;<mark class="redacted" title="hidden: value of &#39;API_TOKEN&#39;, whose name looks secret">••••</mark>&quot;}"#))
        #expect(page.contains(#"postgres://app:<mark class="redacted" title="hidden: password in a URL">••••</mark>@postgres:5432/app"#))
        // The service page shows the env it can show and masks the rest.
        let service = try String(contentsOf: out.appendingPathComponent("services/vault-web/index.html"), encoding: .utf8)
        #expect(service.contains("postgres://vault:••••@postgres.db.svc:5432/vault"))
        #expect(service.contains("Europe/Berlin"))
    }
}
