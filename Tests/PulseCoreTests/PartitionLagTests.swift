import PulseCore
import Testing

@Suite("Partition lag")
struct PartitionLagTests {
    @Test("lag is the end offset minus the committed offset")
    func lagIsEndMinusCommitted() {
        let lag = PartitionLag(committed: 90, logEnd: 100)
        #expect(lag == .known(10))
        #expect(lag.value == 10)
    }

    @Test("a consumer at the end offset has lag 0")
    func caughtUpIsZero() {
        let lag = PartitionLag(committed: 100, logEnd: 100)
        #expect(lag == .known(0))
        #expect(lag.value == 0)
    }

    @Test("an unknown end offset gives unknown lag with no value")
    func unknownEndIsUnknown() {
        let lag = PartitionLag(committed: 90, logEnd: nil)
        #expect(lag == .unknown)
        #expect(lag.value == nil)
    }

    @Test("a committed offset past the end offset is clamped to lag 0")
    func committedAheadIsClamped() {
        let lag = PartitionLag(committed: 101, logEnd: 100)
        #expect(lag == .clamped)
        #expect(lag.value == 0)
    }
}
