extension StringProtocol {
    /// Whether `needle` occurs, compared byte by byte. Foundation's `contains` goes through
    /// NSString and UTF-16 (a fifth of the time spent reading a 5 MB values file), and the
    /// standard library's generic `firstRange(of:)` was slower still.
    public func containsBytes(_ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        return utf8.withContiguousStorageIfAvailable { Self.find(pattern, in: $0) } ?? Self.find(pattern, in: Array(utf8))
    }

    private static func find<Bytes: RandomAccessCollection>(_ pattern: [UInt8], in bytes: Bytes) -> Bool
        where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let first = pattern.first else { return true }
        guard bytes.count >= pattern.count else { return false }
        var index = bytes.startIndex
        let last = bytes.endIndex - pattern.count
        while index <= last {
            if bytes[index] == first, bytes[index..<index + pattern.count].elementsEqual(pattern) { return true }
            index += 1
        }
        return false
    }
}
