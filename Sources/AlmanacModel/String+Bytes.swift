#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text search and replacement compared byte by byte. Foundation's `contains`, `range(of:)` and
/// `replacingOccurrences` go through NSString and UTF-16 (a fifth of the time spent reading a
/// 5 MB values file, and most of the time spent finishing a rendered page), and the standard
/// library's generic `firstRange(of:)` was slower still. Matching whole UTF-8 sequences gives
/// the same answers as Foundation's literal search for the ASCII markers these calls look for.
extension StringProtocol {
    /// Whether `needle` occurs.
    public func containsBytes(_ needle: String) -> Bool {
        firstByteOffset(of: Array(needle.utf8), from: 0) != nil
    }

    /// The first occurrence of `needle`, as a range of this string's indices.
    public func firstRange(ofBytes needle: String) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        guard let offset = firstByteOffset(of: pattern, from: 0) else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: pattern.count)
    }

    /// Every occurrence of `needle` replaced by `replacement`, left to right, not overlapping.
    public func replacingBytes(_ needle: String, with replacement: String) -> String {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, var found = firstByteOffset(of: pattern, from: 0) else { return String(self) }
        let bytes = Array(utf8)
        let insert = Array(replacement.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + Swift.max(0, insert.count - pattern.count) * 8)
        var copied = 0
        while true {
            result += bytes[copied..<found]
            result += insert
            copied = found + pattern.count
            guard let next = bytes.withUnsafeBufferPointer({ ByteSearch.find(pattern, in: $0, from: copied) }) else { break }
            found = next
        }
        result += bytes[copied...]
        return String(decoding: result, as: UTF8.self)
    }

    /// UTF-8 offset of the first `pattern` at or after `from`.
    func firstByteOffset(of pattern: [UInt8], from: Int) -> Int? {
        if let found = utf8.withContiguousStorageIfAvailable({ ByteSearch.find(pattern, in: $0, from: from) }) { return found }
        return Array(utf8).withUnsafeBufferPointer { ByteSearch.find(pattern, in: $0, from: from) }
    }
}

/// Not generic, so callers in every module get the specialised loop.
public enum ByteSearch {
    /// Offset of the first `pattern` at or after `from`; candidates are found with `memchr`.
    public static func find(_ pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = pattern.first else { return from }
        guard bytes.count >= pattern.count, from >= 0, let base = bytes.baseAddress else { return nil }
        return pattern.withUnsafeBufferPointer { needle -> Int? in
            var index = from
            let last = bytes.count - needle.count
            while index <= last {
                guard let hit = memchr(base + index, Int32(first), last - index + 1) else { return nil }
                index = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                var offset = 1
                while offset < needle.count, bytes[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return index }
                index += 1
            }
            return nil
        }
    }

    /// Offset of the first `byte` at or after `from`.
    public static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < bytes.count, from >= 0, let base = bytes.baseAddress,
              let hit = memchr(base + from, Int32(byte), bytes.count - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }
}
