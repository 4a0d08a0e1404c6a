import CompressNIO
import NIOCore
import PulseCore
import Testing

@testable import PulseExposition

@Suite("Rendered page")
struct RenderedPageTests {
    let start = ContinuousClock.now

    @Test("the body is the rendered page")
    func bodyIsRenderedPage() {
        let page = RenderedPage(snapshot: FixtureSnapshot.full, generatedAt: start, lastSuccessAt: nil)
        #expect(Array(buffer: page.body) == ExpositionRenderer.render(FixtureSnapshot.full))
    }

    @Test("the gzip body decompresses to the body")
    func gzipBodyRoundTrips() throws {
        let page = RenderedPage(snapshot: FixtureSnapshot.full, generatedAt: start, lastSuccessAt: nil)
        var gzipped = try #require(page.gzipBody)
        #expect(gzipped.readableBytes < page.body.readableBytes)
        // gzip's magic number: proof it is gzip and not raw deflate or zlib.
        #expect(gzipped.getBytes(at: gzipped.readerIndex, length: 2) == [0x1f, 0x8b])
        let decompressed = try gzipped.decompress(with: .gzip())
        #expect(decompressed == page.body)
    }

    @Test("the index page fields come from the snapshot")
    func indexFields() {
        let page = RenderedPage(snapshot: FixtureSnapshot.full, generatedAt: start, lastSuccessAt: nil)
        #expect(page.clusterID == "pulse-test-cluster")
        #expect(page.brokerCount == 3)
        #expect(page.up == false)
        #expect(page.lastSuccessUnixSeconds == 1_732_650_000.25)
    }

    @Test("not ready before any sample succeeded")
    func notReadyWithoutSuccess() {
        let page = RenderedPage(snapshot: FixtureSnapshot.empty, generatedAt: start, lastSuccessAt: nil)
        #expect(!page.isReady(now: start, staleAfter: .seconds(60)))
    }

    @Test("ready while the last success is younger than staleAfter, not from then on")
    func readyUntilStale() {
        let page = RenderedPage(snapshot: FixtureSnapshot.full, generatedAt: start, lastSuccessAt: start)
        #expect(page.isReady(now: start, staleAfter: .seconds(10)))
        #expect(page.isReady(now: start.advanced(by: .milliseconds(9_999)), staleAfter: .seconds(10)))
        #expect(!page.isReady(now: start.advanced(by: .seconds(10)), staleAfter: .seconds(10)))
    }

    @Test("following a previous page: a sample with data moves the last success, one without keeps it")
    func lastSuccessFollowsPreviousPage() {
        var scratch: [UInt8] = []
        var succeeded = FixtureSnapshot.full
        succeeded.health.lastSampleHadData = true
        var failedSnapshot = FixtureSnapshot.full
        failedSnapshot.health.lastSampleHadData = false
        let first = RenderedPage(snapshot: succeeded, generatedAt: start, previous: nil, scratch: &scratch)
        #expect(first.lastSuccessAt == start)

        let later = start.advanced(by: .seconds(15))
        let failed = RenderedPage(snapshot: failedSnapshot, generatedAt: later, previous: first, scratch: &scratch)
        #expect(failed.lastSuccessAt == start)

        let recovered = RenderedPage(snapshot: succeeded, generatedAt: later, previous: failed, scratch: &scratch)
        #expect(recovered.lastSuccessAt == later)
    }

    @Test("a page keeps its bytes when the scratch buffer is reused for the next one")
    func pageOwnsItsBytes() {
        var scratch: [UInt8] = []
        let full = RenderedPage(
            snapshot: FixtureSnapshot.full, generatedAt: start, lastSuccessAt: nil, scratch: &scratch)
        _ = RenderedPage(snapshot: FixtureSnapshot.empty, generatedAt: start, lastSuccessAt: nil, scratch: &scratch)
        #expect(Array(buffer: full.body) == ExpositionRenderer.render(FixtureSnapshot.full))
    }

    @Test("between samples the scratch buffer holds no second copy of the page, only room for the next")
    func scratchHoldsNoCopy() {
        var scratch: [UInt8] = []
        let page = RenderedPage(snapshot: FixtureSnapshot.full, generatedAt: start, lastSuccessAt: nil, scratch: &scratch)
        #expect(scratch.isEmpty)
        #expect(scratch.capacity >= page.body.readableBytes)
    }

    @Test("the content type is text format 0.0.4 in UTF-8")
    func contentType() {
        #expect(ExpositionFormat.contentType == "text/plain; version=0.0.4; charset=utf-8")
    }
}
