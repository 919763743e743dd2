import Foundation

/// An inclusive range of IPv4 addresses, written as a range (`10.10.0.200-10.10.0.210`), a CIDR
/// (`10.10.30.0/28`) or a single address: the forms MetalLB and Cilium pools accept.
public struct IPv4Range: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var first: IPv4Address
    public var last: IPv4Address

    public init(first: IPv4Address, last: IPv4Address) {
        self.first = min(first, last)
        self.last = max(first, last)
    }

    /// Parses `a-b` (spaces allowed around the dash), `a/len` and `a`; nil when the text is none
    /// of these (IPv6 included) or a range runs backwards.
    ///
    /// A CIDR whose address has host bits set (`10.0.0.5/24`) means its whole network, as
    /// MetalLB reads it.
    public init?(_ text: some StringProtocol) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let slash = trimmed.firstIndex(of: "/") {
            guard let base = IPv4Address(trimmed[..<slash]),
                  let length = Int(trimmed[trimmed.index(after: slash)...]), (0...32).contains(length) else { return nil }
            let mask: UInt32 = length == 0 ? 0 : UInt32.max << (32 - UInt32(length))
            self.init(first: IPv4Address(base.value & mask), last: IPv4Address(base.value & mask | ~mask))
        } else if let dash = trimmed.firstIndex(of: "-") {
            guard let first = IPv4Address(trimmed[..<dash].trimmingCharacters(in: .whitespaces)),
                  let last = IPv4Address(trimmed[trimmed.index(after: dash)...].trimmingCharacters(in: .whitespaces)),
                  first <= last else { return nil }
            self.init(first: first, last: last)
        } else {
            guard let address = IPv4Address(trimmed) else { return nil }
            self.init(first: address, last: address)
        }
    }

    /// Number of addresses, both ends included (a /0 holds 2³²).
    public var size: UInt64 { UInt64(last.value) - UInt64(first.value) + 1 }

    public func contains(_ address: IPv4Address) -> Bool { first <= address && address <= last }

    public func overlaps(_ other: IPv4Range) -> Bool { first <= other.last && other.first <= last }

    /// The addresses both ranges hold, or nil when they are disjoint.
    public func intersection(_ other: IPv4Range) -> IPv4Range? {
        overlaps(other) ? IPv4Range(first: max(first, other.first), last: min(last, other.last)) : nil
    }

    /// `10.10.0.209` for one address, `10.10.0.209–10.10.0.210` for more.
    public var description: String { first == last ? "\(first)" : "\(first)–\(last)" }

    public static func < (lhs: IPv4Range, rhs: IPv4Range) -> Bool { (lhs.first, lhs.last) < (rhs.first, rhs.last) }

    /// The parts of `ranges` not covered by `used`, merged and sorted: the free addresses of a pool.
    public static func subtracting(_ used: [IPv4Address], from ranges: [IPv4Range]) -> [IPv4Range] {
        let taken = Set(used)
        var free: [IPv4Range] = []
        for range in merged(ranges) {
            let inside = taken.filter(range.contains).sorted()
            var start = UInt64(range.first.value)
            for address in inside {
                if UInt64(address.value) > start {
                    free.append(IPv4Range(first: IPv4Address(UInt32(start)), last: IPv4Address(address.value - 1)))
                }
                start = UInt64(address.value) + 1
            }
            if start <= UInt64(range.last.value) {
                free.append(IPv4Range(first: IPv4Address(UInt32(start)), last: range.last))
            }
        }
        return free
    }

    /// Sorted ranges with overlapping and adjacent ones joined.
    public static func merged(_ ranges: [IPv4Range]) -> [IPv4Range] {
        var result: [IPv4Range] = []
        for range in ranges.sorted() {
            if let previous = result.last, UInt64(range.first.value) <= UInt64(previous.last.value) + 1 {
                result[result.count - 1].last = max(previous.last, range.last)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
