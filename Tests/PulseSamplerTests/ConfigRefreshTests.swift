import PulseSampler
import Testing

@Suite("Topic config refresh")
struct ConfigRefreshTests {
    @Test("due at first, then once per interval after the last read")
    func dueOncePerInterval() {
        let start = ContinuousClock.now
        var refresh = ConfigRefresh(interval: .seconds(300))
        #expect(refresh.isDue(at: start))
        refresh.recordRead(at: start)
        #expect(!refresh.isDue(at: start.advanced(by: .seconds(299))))
        #expect(refresh.isDue(at: start.advanced(by: .seconds(300))))
    }

    @Test("a failed read leaves it due")
    func staysDueUntilRead() {
        let start = ContinuousClock.now
        let refresh = ConfigRefresh(interval: .seconds(300))
        #expect(refresh.isDue(at: start.advanced(by: .seconds(10))))
    }
}
