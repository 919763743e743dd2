import Foundation

/// An image file of the repo that a document shows, with its bytes, so the site can publish it.
/// Only images documents reference are read; SVGs that could carry script are never included.
public struct DocumentImage: Hashable, Sendable, Codable {
    /// Path relative to the repo root.
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}
