import Foundation

/// One file of the built site, in memory until the output stage writes it.
public struct Page: Sendable, Equatable {
    /// Path relative to the site root (`services/sonarr/index.html`).
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }

    public init(path: String, text: String) {
        self.init(path: path, data: Data(text.utf8))
    }
}

/// The whole site, in memory: pages, assets and machine-readable files.
public struct Site: Sendable {
    public var pages: [Page]
    /// Time each build step took, in seconds, in order (for `--verbose`).
    public var timings: [(String, Double)] = []

    /// Number of HTML pages.
    public var htmlPageCount: Int { pages.filter { $0.path.hasSuffix(".html") }.count }

    public init(pages: [Page], timings: [(String, Double)] = []) {
        self.pages = pages
        self.timings = timings
    }
}

