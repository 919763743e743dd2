import AlmanacModel
import Foundation

/// The scan stage: repository on disk → `Repository` + diagnostics. The only reader of the
/// source tree.
public struct RepositoryScanner: Sendable {
    public struct Options: Sendable {
        /// `almanac.yaml` to use instead of the one at the repo root.
        public var configPath: String?
        /// Repo-relative folders not to read (the output folder when it sits inside the repo).
        public var excluded: Set<String>
        public var baseURLOverride: String?
        /// Read last-changed dates and authors from git (when the repo is a checkout).
        public var gitHistory: Bool
        /// Clusters to document (overrides `clusters:` of almanac.yaml); empty: the config decides.
        public var clusters: [String] = []

        public init(configPath: String? = nil, excluded: Set<String> = [], baseURLOverride: String? = nil,
                    gitHistory: Bool = true, clusters: [String] = []) {
            self.clusters = clusters
            self.configPath = configPath
            self.excluded = excluded
            self.baseURLOverride = baseURLOverride
            self.gitHistory = gitHistory
        }
    }

    public struct Output: Sendable {
        public var repository: Repository
        public var diagnostics: [Diagnostic]
    }

    public enum Failure: Error, CustomStringConvertible {
        case notADirectory(String)
        case unreadableConfig(String, String)

        public var description: String {
            switch self {
            case .notADirectory(let path): "\(path): not a directory"
            case .unreadableConfig(let path, let reason): "\(path): \(reason)"
            }
        }
    }

    public let root: URL
    public let options: Options

    public init(root: URL, options: Options = Options()) {
        self.root = root.standardizedFileURL
        self.options = options
    }

    public func scan() throws -> Output {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure.notADirectory(root.path)
        }
        var diagnostics: [Diagnostic] = []
        let (config, configDiagnostics) = try loadConfig()
        diagnostics += configDiagnostics

        // git history runs beside the file reads: on a long history it is the slowest single step.
        let history = options.gitHistory ? GitHistoryReader.start(root: root) : nil
        let walker = RepositoryWalker(root: root, excluded: options.excluded, maxFileSize: config.limits.maxFileSize,
                                      maxFiles: config.limits.maxFiles)
        let listing = walker.walk()
        let (entries, skipped) = (listing.files, listing.skipped)
        let results = readAll(entries)
        diagnostics += Self.limitDiagnostics(listing, limits: config.limits)
        diagnostics += skipped.filter { listing.oversized[$0.path] == nil }.map { file in
            Diagnostic(id: "scan.skipped-file", severity: .note, location: SourceLocation(path: file.path),
                       message: "file not read: \(file.note ?? "skipped")")
        }

        var repository = Repository(config: config)
        var factsByFile: [String: [ScannedFact]] = [:]
        var documents: [Document] = []
        var files = skipped
        var parsed: [String: [YAMLTree]] = [:]
        var sensitive = Set<String>()
        for (entry, result) in zip(entries, results) {
            if !result.documents.isEmpty { parsed[entry.path] = result.documents }
            if result.role == .sensitive { sensitive.insert(entry.path) }
            diagnostics += result.diagnostics
            files.append(SourceFile(path: entry.path, role: result.role, size: entry.size, note: result.note,
                                    redactions: result.redactions, publishableText: result.publishableText))
            if let document = result.document { documents.append(document) }
            if let environment = result.environment { repository.environments.append(environment) }
            repository.objectExemptions += result.exemptions
            if !result.facts.isEmpty { factsByFile[entry.path] = result.facts }
        }
        // Where GitOps objects exist, what their roots deploy is the truth; otherwise every folder
        // with workloads is a service.
        let index = ManifestIndex(root: root, documents: parsed, files: entries.map(\.path))
        if var deployment = DeploymentResolver.resolve(index: index) {
            deployment.select(clusters: config.clusters, diagnostics: &diagnostics)
            assembleDeployed(into: &repository, output: deployment, factsByFile: factsByFile, documents: documents,
                             files: files, sensitive: sensitive, diagnostics: &diagnostics)
        } else {
            assemble(into: &repository, factsByFile: factsByFile, documents: documents, files: files)
        }
        if options.gitHistory, let git = GitHistory(root: root) {
            repository.lastCommitDate = git.lastCommitDate()
            let adrFolders = Set(documents.filter { $0.kind == .adr }.map { ($0.path as NSString).deletingLastPathComponent })
            repository.adrRevisions = git.revisions(under: adrFolders.sorted())
        }
        let (images, imageDiagnostics) = DocumentImageLoader.load(root: root, documents: repository.documents,
                                                                  files: repository.files)
        repository.documentImages = images
        diagnostics += imageDiagnostics
        repository.history = (try? history?.wait()) ?? [:]  // reading the history never throws
        return Output(repository: repository, diagnostics: diagnostics)
    }

    /// `scan.file-too-large` for each file over the size limit (a warning when it is a kind of
    /// file Almanac reads, a note otherwise), `scan.too-many-files` where the walk stopped.
    static func limitDiagnostics(_ listing: RepositoryWalker.Listing, limits: ResourceLimits) -> [Diagnostic] {
        var diagnostics = listing.oversized.keys.sorted().map { path in
            let ext = (path as NSString).pathExtension.lowercased()
            let isRead = yamlExtensions.contains(ext) || markdownExtensions.contains(ext) || diagramExtensions.contains(ext)
            let size = (listing.oversized[path] ?? 0).formatted()
            let limit = RepositoryWalker.mebibytes(limits.maxFileSize)
            return Diagnostic(id: "scan.file-too-large", severity: isRead ? .warning : .note,
                              location: SourceLocation(path: path, line: 1),
                              message: "file not read: \(size) bytes, over the limit of \(limit)",
                              note: isRead ? "what it holds is missing from the site; split it, or raise limits.max_file_size_mib in almanac.yaml" : nil)
        }
        if let path = listing.stoppedAt {
            diagnostics.append(Diagnostic(
                id: "scan.too-many-files", severity: .warning, location: SourceLocation(path: path, line: 1),
                message: "the repository has more than \(limits.maxFiles.formatted()) files: this one and the files after it "
                    + "(folder by folder, names sorted) are not read",
                note: "raise limits.max_files in almanac.yaml, or move what is not configuration out of the repository"))
        }
        return diagnostics
    }

    private func loadConfig() throws -> (SiteConfig, [Diagnostic]) {
        let path = options.configPath ?? root.appendingPathComponent("almanac.yaml").path
        let display = options.configPath ?? "almanac.yaml"
        var config = SiteConfig()
        var diagnostics: [Diagnostic] = []
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw Failure.unreadableConfig(display, "cannot be read as UTF-8 text")
            }
            (config, diagnostics) = ConfigLoader.load(text: text, displayPath: display)
        } else if options.configPath != nil {
            throw Failure.unreadableConfig(display, "no such file")
        }
        if !options.clusters.isEmpty { config.clusters = options.clusters }
        if let override = options.baseURLOverride {
            config.baseURL = override.hasSuffix("/") ? override : override + "/"
        }
        return (config, diagnostics)
    }

    struct FileResult: Sendable {
        var facts: [ScannedFact] = []
        var document: Document?
        var diagnostics: [Diagnostic] = []
        var redactions: [Redaction] = []
        var role: SourceFile.Role = .other
        var note: String?
        var publishableText: String?
        var environment: EnvironmentConfig?
        var exemptions: [ObjectExemption] = []
        var documents: [YAMLTree] = []
    }

    /// Reads and parses every file, in parallel; results keep the input order.
    private func readAll(_ entries: [RepositoryWalker.Entry]) -> [FileResult] {
        let root = self.root
        let charts = Self.chartFolders(entries)
        return Parallel.map(entries) { entry in
            Self.read(entry, root: root, isChartTemplate: Self.isChartTemplate(entry.path, charts: charts))
        }
    }

    /// Folders holding a `Chart.yaml`: the Helm charts kept in the repo ("" for the root).
    static func chartFolders(_ entries: [RepositoryWalker.Entry]) -> Set<String> {
        Set(entries.filter { ($0.path as NSString).lastPathComponent == "Chart.yaml" }
            .map { ($0.path as NSString).deletingLastPathComponent })
    }

    /// Whether a file lies below a chart's `templates/` folder, where only Helm can render it.
    static func isChartTemplate(_ path: String, charts: Set<String>) -> Bool {
        guard !charts.isEmpty else { return false }
        let parts = path.split(separator: "/").dropLast()
        for (index, part) in parts.enumerated() where part == "templates" {
            if charts.contains(parts.prefix(index).joined(separator: "/")) { return true }
        }
        return false
    }

    static let yamlExtensions: Set<String> = ["yaml", "yml"]
    static let markdownExtensions: Set<String> = ["md", "markdown"]
    static let diagramExtensions: Set<String> = ["dot", "gv", "svg", "puml", "plantuml", "mermaid", "mmd"]

    static func read(_ entry: RepositoryWalker.Entry, root: URL, isChartTemplate: Bool = false) -> FileResult {
        let ext = (entry.path as NSString).pathExtension.lowercased()
        var result = FileResult()
        let isYAML = yamlExtensions.contains(ext)
        let isMarkdown = markdownExtensions.contains(ext)
        if diagramExtensions.contains(ext) {
            result.role = .diagram
            let data = FileManager.default.contents(atPath: root.appendingPathComponent(entry.path).path)
            if let text = data.flatMap({ String(data: $0, encoding: .utf8) }) {
                (result.publishableText, result.redactions) = Redactor.publish(text)
            }
            if ext == "dot" || ext == "gv", entry.path.hasPrefix(DiagramSizeCheck.docsRoot), let dot = result.publishableText,
               let tooLarge = DiagramSizeCheck.diagnostic(dot: dot, at: SourceLocation(path: entry.path, line: 1)) {
                result.diagnostics.append(tooLarge)
            }
            return result
        }
        guard isYAML || isMarkdown else {
            result.role = .other
            return result
        }
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(entry.path).path) else {
            result.role = .skipped
            result.note = "unreadable"
            result.diagnostics.append(Diagnostic(id: "scan.unreadable", severity: .warning,
                                                 location: SourceLocation(path: entry.path),
                                                 message: "file cannot be read"))
            return result
        }
        guard let text = String(data: data, encoding: .utf8) else {
            result.role = .skipped
            result.note = "not UTF-8"
            result.diagnostics.append(Diagnostic(id: "scan.encoding", severity: .warning,
                                                 location: SourceLocation(path: entry.path),
                                                 message: "file is not UTF-8 text; skipped"))
            return result
        }
        if isMarkdown {
            // Documents are read from their published text: a secret in a runbook is masked in every view.
            let (published, redactions) = Redactor.publish(text, kind: .markdown)
            let (document, diagnostics) = MarkdownReader.read(path: entry.path, text: published)
            result.document = document
            result.diagnostics = diagnostics
            result.role = .markdown
            result.publishableText = published
            result.redactions = redactions
            return result
        }
        if entry.path == "almanac.yaml" {
            result.role = .config
            (result.publishableText, result.redactions) = Redactor.publish(text)
            return result
        }
        let scan = ManifestFileScanner.scan(path: entry.path, text: text, isChartTemplate: isChartTemplate)
        result.facts = scan.facts
        result.diagnostics = scan.diagnostics
        result.environment = EnvironmentReader.read(path: entry.path, documents: scan.documents)
        result.exemptions = ExemptionAnnotationReader.read(path: entry.path, text: text, documents: scan.documents)
        result.role = scan.role
        result.note = scan.note
        result.documents = scan.documents
        if scan.role != .sensitive {
            (result.publishableText, result.redactions) = Redactor.publish(text, kind: .yaml(unparsed: scan.unparsedLines),
                                                                           scalars: scan.secretSpans)
        }
        return result
    }
}
