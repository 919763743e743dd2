import AlmanacAnalysis
import AlmanacModel
import AlmanacOutput
import AlmanacScan
import AlmanacSite
import Foundation

/// Strings the stages together — scan → analyze → render → write — timing each, and turns
/// the diagnostics into an exit code.
struct Pipeline {
    let options: SharedOptions
    /// Output folder; nil for `check`.
    let output: String?
    let console = Console.current

    /// A stage could not run (unreadable repo, unwritable output): no site was written.
    static let fatalExitCode: Int32 = 2

    struct StageFailure: Error {
        var stage: String
        var message: String
    }

    func run() -> Int32 {
        let start = Date()
        let stageNames = output == nil ? ["scan", "analyze"] : ["scan", "analyze", "render", "write"]
        var timings: [(String, TimeInterval)] = []
        var stageIndex = 0
        func stage<T>(_ name: String, _ body: () throws -> T) throws -> T {
            stageIndex += 1
            if console.isTerminal && !options.quiet { console.err("[\(stageIndex)/\(stageNames.count)] \(name)") }
            let began = Date()
            do {
                let result = try body()
                timings.append((name, Date().timeIntervalSince(began)))
                return result
            } catch let failure as StageFailure {
                throw failure
            } catch {
                throw StageFailure(stage: name, message: "\(error)")
            }
        }

        do {
            let root = URL(fileURLWithPath: options.repo)
            var excluded = Set<String>()
            if let output {
                let outURL = URL(fileURLWithPath: output).standardizedFileURL.path
                let rootPath = root.standardizedFileURL.path
                if outURL.hasPrefix(rootPath + "/") { excluded.insert(String(outURL.dropFirst(rootPath.count + 1))) }
            }
            let scanner = RepositoryScanner(root: root, options: .init(
                configPath: options.config, excluded: excluded, baseURLOverride: options.baseURL,
                gitHistory: !options.noGitHistory, clusters: options.clusters))
            // The templates are parsed beside the scan; the render stage waits for them (`check`
            // renders nothing and never waits).
            let templates = Parallel.start { try TemplateRenderer() }
            let scanned = try stage("scan") { try scanner.scan() }
            let analysis = try stage("analyze") { Analyzer.analyze(scanned.repository) }
            let diagnostics = Analyzer.applyConfiguredSeverities(scanned.diagnostics + analysis.findings,
                                                                 config: scanned.repository.config)
            var pageCount = 0
            var renderSteps: [(String, Double)] = []
            if let output {
                // Pages are written into a fresh tree as they are rendered; "write" is the swap.
                var session: SiteWriter.Session?
                let summary = try stage("render") { () throws -> BuildSummary in
                    let started = try SiteWriter(destination: URL(fileURLWithPath: output)).begin()
                    session = started
                    do {
                        return try SiteBuilder(repository: scanned.repository, analysis: analysis, diagnostics: diagnostics,
                                               templates: try templates.wait()).build(into: SessionSink(session: started)) { done, total in
                            // "render 4,213/10,011" on a terminal, rewritten in place.
                            guard !options.quiet else { return }
                            console.progress("[3/4] render \(done.formatted())/\(total.formatted())")
                            if done == total { console.progress(""); }
                        }
                    } catch {
                        started.abort()
                        throw error
                    }
                }
                try stage("write") { try session?.commit() }
                pageCount = summary.htmlPageCount
                renderSteps = summary.timings
            }
            report(diagnostics)
            let elapsed = Date().timeIntervalSince(start)
            if options.verbose {
                for (name, time) in timings {
                    console.err(String(format: "  %-8@ %8.3f s", name as NSString, time))
                    if name == "render" {
                        for (step, seconds) in renderSteps {
                            console.err(String(format: "    %-10@ %8.3f s", step as NSString, seconds))
                        }
                    }
                }
            }
            if !options.quiet {
                var parts: [String] = []
                if let output { parts.append("\(pageCount) pages written to \(output)") }
                else {
                    let count = scanned.repository.services.count
                    parts.append("\(count) service\(count == 1 ? "" : "s") checked")
                }
                parts.append([Severity.error, .warning, .note].map { severity in
                    let count = diagnostics.count(of: severity)
                    return "\(count) \(severity.rawValue)\(count == 1 ? "" : "s")"
                }.joined(separator: ", "))
                parts.append(String(format: "%.2f s", elapsed))
                console.err(parts.joined(separator: " · "))
            }
            let failed = diagnostics.count(of: .error) > 0 || (options.strict && diagnostics.count(of: .warning) > 0)
            return failed ? 1 : 0
        } catch let failure as StageFailure {
            console.err("[\(failure.stage)] \(failure.message)")
            return Self.fatalExitCode
        } catch {
            console.err("almanac: \(error)")
            return Self.fatalExitCode
        }
    }

    func report(_ diagnostics: [Diagnostic]) {
        switch options.diagnostics {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(["diagnostics": diagnostics])) ?? Data("{}".utf8)
            console.out(String(decoding: data, as: UTF8.self))
        case .text:
            for diagnostic in diagnostics {
                console.err(colour(diagnostic))
                if let note = diagnostic.note { console.err("    note: \(note)") }
            }
        }
    }

    func colour(_ diagnostic: Diagnostic) -> String {
        guard console.isTerminal else { return diagnostic.formatted }
        let code = switch diagnostic.severity {
        case .error: "\u{1B}[1;31m"
        case .warning: "\u{1B}[1;33m"
        case .note: "\u{1B}[1;36m"
        }
        return diagnostic.formatted.replacingOccurrences(
            of: " \(diagnostic.severity.rawValue): ", with: " \(code)\(diagnostic.severity.rawValue)\u{1B}[0m: ")
    }
}

/// Sends rendered pages straight into the writer's fresh tree.
struct SessionSink: PageSink {
    let session: SiteWriter.Session
    func accept(_ page: Page) throws { try session.write(path: page.path, data: page.data) }
}
