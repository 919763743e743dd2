/// One committed version of a file, from git history (oldest first in lists).
public struct FileVersion: Hashable, Sendable, Codable {
    public var path: String
    public var commit: String
    /// Committer date, `YYYY-MM-DD`.
    public var date: String
    /// The file's text at that commit; nil when the commit deleted it.
    public var text: String?

    public init(path: String, commit: String, date: String, text: String?) {
        self.path = path
        self.commit = commit
        self.date = date
        self.text = text
    }
}
