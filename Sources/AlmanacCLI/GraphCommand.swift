import AlmanacAnalysis
import AlmanacScan
import AlmanacSite
import ArgumentParser
import Foundation

enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case dot, svg
}

extension Almanac {
    /// `almanac graph`: the dependency graph on stdout, for other tools.
    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the dependency graph of a repository to stdout, as DOT or SVG.",
            discussion: "Diagnostics are not printed; run `almanac check` for them.")

        @Argument(help: "The repository to read.", completion: .directory)
        var repo: String = "."

        @Option(help: ArgumentHelp("Configuration file to use instead of <repo>/almanac.yaml.", valueName: "file"))
        var config: String?

        @Option(help: ArgumentHelp("Output format: dot or svg.", valueName: "format"))
        var format: GraphFormat = .dot

        mutating func run() throws {
            let console = Console.current
            let scanner = RepositoryScanner(root: URL(fileURLWithPath: repo), options: .init(configPath: config))
            let scanned: RepositoryScanner.Output
            do {
                scanned = try scanner.scan()
            } catch {
                console.err("[scan] \(repo): \(error)")
                throw ExitCode(Pipeline.fatalExitCode)
            }
            let analysis = Analyzer.analyze(scanned.repository)
            switch format {
            case .dot:
                console.out(String(DependencyGraphExport.dot(analysis).dropLast()))
            case .svg:
                do {
                    let svg = try DependencyGraphExport.svg(analysis)
                    console.out(svg.hasSuffix("\n") ? String(svg.dropLast()) : svg)
                } catch {
                    console.err("[render] graphviz: \(error)")
                    throw ExitCode(Pipeline.fatalExitCode)
                }
            }
        }
    }
}
