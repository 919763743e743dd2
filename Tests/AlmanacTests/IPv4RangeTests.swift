@testable import AlmanacAnalysis
import Testing

@Suite struct IPv4AddressTests {
    @Test func parsesDottedQuads() {
        #expect(IPv4Address("10.10.0.53")?.value == 0x0A0A_0035)
        #expect(IPv4Address("0.0.0.0")?.value == 0)
        #expect(IPv4Address("255.255.255.255")?.value == UInt32.max)
        #expect(IPv4Address("192.168.1.7")?.description == "192.168.1.7")
    }

    @Test func rejectsEverythingElse() {
        for text in ["10.10.0.256", "10.10.0", "10.10.0.1.2", "10..0.1", "a.b.c.d", "010.1.1.1", "fd00::1", "", " 10.0.0.1", "1e1.0.0.1"] {
            #expect(IPv4Address(text) == nil, "\(text)")
        }
    }
}

@Suite struct IPv4RangeTests {
    func range(_ text: String) throws -> IPv4Range { try #require(IPv4Range(text), "\(text)") }

    @Test func parsesRangesWithAndWithoutSpaces() throws {
        let pool = try range("10.10.0.200-10.10.0.210")
        #expect(pool.first.description == "10.10.0.200")
        #expect(pool.last.description == "10.10.0.210")
        #expect(pool.size == 11)
        #expect(try range("10.10.30.10 - 10.10.30.19").size == 10)
        #expect(pool.description == "10.10.0.200–10.10.0.210")
    }

    @Test func parsesCIDRsAsTheirWholeNetwork() throws {
        let block = try range("10.10.30.0/28")
        #expect(block.first.description == "10.10.30.0")
        #expect(block.last.description == "10.10.30.15")
        #expect(block.size == 16)
        // Host bits set: the network it belongs to, as MetalLB reads it.
        let loose = try range("10.10.30.7/29")
        #expect((loose.first.description, loose.last.description) == ("10.10.30.0", "10.10.30.7"))
        #expect(try range("10.0.0.1/32").size == 1)
        #expect(try range("10.0.0.0/24").size == 256)
        #expect(try range("0.0.0.0/0").size == 4_294_967_296)
    }

    @Test func parsesSingleAddresses() throws {
        let single = try range("10.10.0.53")
        #expect(single.size == 1)
        #expect(single.description == "10.10.0.53")
    }

    @Test func rejectsBackwardsRangesBadPrefixesAndIPv6() {
        for text in ["10.0.0.9-10.0.0.1", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "fd00::/64", "10.0.0.1-", "-10.0.0.1", "pool"] {
            #expect(IPv4Range(text) == nil, "\(text)")
        }
    }

    @Test func containsIncludesBothEnds() throws {
        let pool = try range("10.10.0.200-10.10.0.210")
        #expect(pool.contains(IPv4Address("10.10.0.200")!))
        #expect(pool.contains(IPv4Address("10.10.0.210")!))
        #expect(!pool.contains(IPv4Address("10.10.0.211")!))
        #expect(!pool.contains(IPv4Address("10.10.0.53")!))
    }

    @Test func overlapAndIntersection() throws {
        let a = try range("10.0.0.0/28")          // .0 – .15
        let b = try range("10.0.0.10-10.0.0.20")
        let c = try range("10.0.0.16-10.0.0.31")
        #expect(a.overlaps(b) && b.overlaps(a))
        #expect(a.intersection(b)?.description == "10.0.0.10–10.0.0.15")
        #expect(!a.overlaps(c))
        #expect(a.intersection(c) == nil)
        #expect(try range("10.0.0.15").overlaps(a))
    }

    @Test func freeAddressesAreWhatIsLeft() throws {
        let pool = [try range("10.10.0.200-10.10.0.210")]
        let used = ["10.10.0.200", "10.10.0.201", "10.10.0.205", "10.10.0.210", "10.10.0.53"].compactMap(IPv4Address.init)
        #expect(IPv4Range.subtracting(used, from: pool).map(\.description) == ["10.10.0.202–10.10.0.204", "10.10.0.206–10.10.0.209"])
        #expect(IPv4Range.subtracting([], from: pool).map(\.description) == ["10.10.0.200–10.10.0.210"])
    }

    @Test func mergedJoinsOverlappingAndAdjacentRanges() throws {
        let merged = IPv4Range.merged([try range("10.0.0.8-10.0.0.9"), try range("10.0.0.0/29"), try range("10.0.0.20")])
        #expect(merged.map(\.description) == ["10.0.0.0–10.0.0.9", "10.0.0.20"])
    }
}
