import PulseCore
import Testing

@testable import PulseExposition

@Suite("Family registry and order")
struct FamilyOrderTests {
    @Test("families come out sorted by name, each once")
    func familiesSortedByName() {
        let names = familyNames(in: ExpositionRenderer.render(FixtureSnapshot.full))
        let sorted = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(names == sorted)
        #expect(Set(names).count == names.count)
    }

    @Test("the full fixture exercises every registered family")
    func fixtureCoversEveryFamily() {
        let rendered = Set(familyNames(in: ExpositionRenderer.render(FixtureSnapshot.full)))
        #expect(rendered == Set(MetricFamilies.all.map(\.name)))
    }

    @Test("registered names are unique, valid, and _total exactly on counters")
    func namesAreValid() {
        let names = MetricFamilies.all.map(\.name)
        #expect(Set(names).count == names.count)
        for family in MetricFamilies.all {
            let valid = family.name.utf8.allSatisfy(Self.isNameByte) && family.name.first?.isNumber == false
            #expect(valid, "\(family.name)")
            #expect(family.name.hasSuffix("_total") == (family.type == .counter), "\(family.name)")
            #expect(!family.help.isEmpty, "\(family.name)")
        }
    }

    @Test("series within a family keep the snapshot's order: partition 10 after 9")
    func partitionsInNumericOrder() {
        let partitions = ExpositionRenderer.render(FixtureSnapshot.full).lines
            .filter { $0.hasPrefix(#"kafka_topic_partition_current_offset{topic="user_profiles""#) }
            .compactMap { line in line.split(separator: "\"").dropFirst(3).first.flatMap { Int($0) } }
        #expect(partitions == Array(0...10))
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: ":"):
            true
        default: false
        }
    }
}
