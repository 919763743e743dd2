import ArgumentParser
import AlmanacScan
import Foundation

/// `almanac`: the root command.
public struct Almanac: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "almanac",
        abstract: "Turn a GitOps mono repo into a searchable static knowledge site, and check that it tells the truth.",
        subcommands: [Build.self, Check.self, Graph.self])

    public init() {}

    /// Runs the CLI with `arguments` (without the program name) and returns the exit code.
    public static func run(arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var pipelineCommand = command as? PipelineCommand {
                return try pipelineCommand.execute()
            }
            try command.run()
            return 0
        } catch {
            let code = exitCode(for: error).rawValue
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == 0 { Console.current.out(message) } else { Console.current.err(message) }
            }
            return code
        }
    }
}

/// Options every pipeline command shares.
struct SharedOptions: ParsableArguments {
    @Argument(help: "The repository to read.", completion: .directory)
    var repo: String = "."

    @Option(help: ArgumentHelp("Configuration file to use instead of <repo>/almanac.yaml.", valueName: "file"))
    var config: String?

    @Flag(help: "Treat warnings as errors for the exit code.")
    var strict = false

    @Option(help: ArgumentHelp("How to print diagnostics: text (stderr) or json (stdout).", valueName: "format"))
    var diagnostics: DiagnosticsFormat = .text

    @Flag(name: .shortAndLong, help: "Print nothing but diagnostics.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print the time each stage took.")
    var verbose = false

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Public URL the site is served at (overrides almanac.yaml).", valueName: "url"))
    var baseURL: String?

    @Flag(name: .customLong("no-git-history"), help: "Do not read last-changed dates and authors from git.")
    var noGitHistory = false

    @Option(name: .customLong("cluster"), help: ArgumentHelp("Document only this cluster (repeatable; overrides clusters: in almanac.yaml).", valueName: "name"))
    var clusters: [String] = []

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
        if let baseURL, !ConfigLoader.isSiteBase(baseURL) {
            throw ValidationError("--base-url must be an http(s) URL or a path from the server's root, like https://docs.example.com/ or /docs/")
        }
    }
}

enum DiagnosticsFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

protocol PipelineCommand {
    mutating func execute() throws -> Int32
}

extension Almanac {
    struct Build: ParsableCommand, PipelineCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the site of a repository.",
            discussion: "Writes a fresh tree beside OUT and swaps it in, so a failed build leaves the old site intact.")

        @OptionGroup var options: SharedOptions

        @Option(name: .shortAndLong, help: ArgumentHelp("Folder to write the site to.", valueName: "dir"))
        var out: String = "site"

        mutating func run() throws {
            let code = try execute()
            if code != 0 { throw ExitCode(code) }
        }

        mutating func execute() throws -> Int32 {
            Pipeline(options: options, output: out).run()
        }
    }

    struct Check: ParsableCommand, PipelineCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a repository and print diagnostics, without building the site.")

        @OptionGroup var options: SharedOptions

        mutating func run() throws {
            let code = try execute()
            if code != 0 { throw ExitCode(code) }
        }

        mutating func execute() throws -> Int32 {
            Pipeline(options: options, output: nil).run()
        }
    }
}
