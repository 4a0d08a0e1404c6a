import PulseCore
import Testing

@testable import PulseKafka

struct GroupStateNameTests {
    @Test("every state the loaded librdkafka names maps to a state of our own, except its Unknown")
    func everyLibrdkafkaStateIsKnown() {
        let names = GroupState.librdkafkaNames
        #expect(names.contains("Stable"))
        for name in names where name != "Unknown" {
            #expect(GroupState(librdkafkaName: name) != .unknown, "\(name)")
        }
        let mapped = names.filter { $0 != "Unknown" }.map { GroupState(librdkafkaName: $0) }
        #expect(Set(mapped).count == mapped.count, "two librdkafka states map to one of ours: \(names)")
    }

    @Test("KIP-848's states map by name, whether or not librdkafka has them (patch 0006)")
    func consumerProtocolStatesByName() {
        #expect(GroupState(librdkafkaName: "Assigning") == .assigning)
        #expect(GroupState(librdkafkaName: "Reconciling") == .reconciling)
    }

    @Test("a name librdkafka may add later is unknown, not a wrong state")
    func unheardOfNameIsUnknown() {
        #expect(GroupState(librdkafkaName: "Migrating") == .unknown)
        #expect(GroupState(librdkafkaName: "") == .unknown)
    }
}
