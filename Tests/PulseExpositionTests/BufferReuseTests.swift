import PulseCore
import Testing

@testable import PulseExposition

@Suite("Buffer reuse")
struct BufferReuseTests {
    @Test("rendering into a used buffer clears it and keeps its capacity")
    func reuseKeepsCapacity() {
        var buffer: [UInt8] = []
        ExpositionRenderer.render(FixtureSnapshot.full, reusing: &buffer)
        let capacity = buffer.capacity

        ExpositionRenderer.render(FixtureSnapshot.empty, reusing: &buffer)
        #expect(buffer == ExpositionRenderer.render(FixtureSnapshot.empty))
        #expect(buffer.capacity >= capacity)

        ExpositionRenderer.render(FixtureSnapshot.full, reusing: &buffer)
        #expect(buffer == ExpositionRenderer.render(FixtureSnapshot.full))
        #expect(buffer.capacity == capacity)
    }

    @Test(
        "the size estimate covers the page, so the first render does not grow the buffer",
        arguments: [(1, 1, 0), (10, 12, 5), (200, 50, 40)])
    func estimateCoversPage(topics: Int, partitions: Int, groups: Int) {
        let snapshot = FixtureSnapshot.generated(topics: topics, partitions: partitions, groups: groups)
        let estimate = ExpositionRenderer.estimatedSize(of: snapshot)
        let rendered = ExpositionRenderer.render(snapshot)
        #expect(estimate >= rendered.count)
        // Generous, not wasteful: a large page should not reserve several times its size.
        if rendered.count > 100_000 { #expect(estimate < rendered.count * 2) }
    }

    @Test("the estimate also covers the hand-built fixture")
    func estimateCoversFixture() {
        #expect(
            ExpositionRenderer.estimatedSize(of: FixtureSnapshot.full)
                >= ExpositionRenderer.render(FixtureSnapshot.full).count)
    }
}
