import Benchmark
import CompressNIO
import NIOCore
import PulseCore
import PulseExposition

/// What a render reuses between samples: the snapshot and the sampler's scratch buffer.
final class RenderState {
    let snapshot: ClusterSnapshot
    var scratch: [UInt8] = []

    init(_ shape: ClusterShape) {
        snapshot = SamplingRun(shape).snapshot
        // The sampler's buffer has the page's capacity from the previous sample on.
        ExpositionRenderer.render(snapshot, reusing: &scratch)
    }
}

/// Rendering the text page into the reused buffer, the published page (render, copy, gzip), and
/// gzip alone.
func registerRenderBenchmarks(_ shape: ClusterShape) {
    Benchmark(
        "Render page \(shape.label)",
        configuration: .init(metrics: PageMetrics.with([PageMetrics.series, PageMetrics.bytes]))
    ) { benchmark, state in
        ExpositionRenderer.render(state.snapshot, reusing: &state.scratch)
        benchmark.stopMeasurement()
        benchmark.measurement(PageMetrics.series, PageMetrics.countSeries(state.scratch))
        benchmark.measurement(PageMetrics.bytes, state.scratch.count)
    } setup: {
        RenderState(shape)
    }

    Benchmark(
        "Publish page (render + gzip) \(shape.label)",
        configuration: .init(metrics: PageMetrics.with([PageMetrics.gzipBytes]))
    ) { benchmark, state in
        let page = RenderedPage(snapshot: state.snapshot, generatedAt: .now, lastSuccessAt: .now, scratch: &state.scratch)
        benchmark.stopMeasurement()
        benchmark.measurement(PageMetrics.gzipBytes, page.gzipBody?.readableBytes ?? 0)
    } setup: {
        RenderState(shape)
    }

    // zlib's default level (6), as `RenderedPage` compresses, and its fastest level for comparison.
    for level in [ZlibConfiguration.CompressionLevel.defaultCompressionLevel, .fastestCompression] {
        let name = level == .fastestCompression ? "Gzip page (level 1)" : "Gzip page"
        Benchmark(
            "\(name) \(shape.label)", configuration: .init(metrics: PageMetrics.with([PageMetrics.gzipBytes]))
        ) { benchmark, body in
            // What `RenderedPage` does: compress a copy, leaving the body readable.
            var input = body
            let compressed = try? input.compress(with: .gzip(configuration: .init(compressionLevel: level)))
            benchmark.stopMeasurement()
            benchmark.measurement(PageMetrics.gzipBytes, compressed?.readableBytes ?? 0)
        } setup: {
            ByteBuffer(bytes: ExpositionRenderer.render(SamplingRun(shape).snapshot))
        }
    }
}
