import Benchmark
import Foundation
import Glibc
import PulseCore
import PulseExposition
import PulseWorker

/// What the exporter keeps in memory between samples, by part, at each cluster size: the builder
/// (offset history for rates, lag in seconds and status, plus the last snapshot), the published
/// page (text, gzip) with the sampler's scratch buffer, and, for the length of a sample, the
/// worker's frame and the decoded sample. Heap bytes in use from glibc's `mallinfo2` (the malloc
/// interposer adds a small header to each allocation); the RSS targets are about these.
func registerRetainedMemoryBenchmarks(_ shape: ClusterShape) {
    Benchmark(
        "Retained memory \(shape.label)",
        configuration: .init(
            metrics: [RetainedMetrics.builder, RetainedMetrics.page, RetainedMetrics.frame, RetainedMetrics.sample],
            warmupIterations: 0, maxIterations: 3)
    ) { benchmark in
        let start = heapBytes()
        let run = SamplingRun(shape)
        let afterBuilder = heapBytes()
        var scratch: [UInt8] = []
        let page = RenderedPage(snapshot: run.snapshot, generatedAt: .now, lastSuccessAt: .now, scratch: &scratch)
        let afterPage = heapBytes()
        let frame = try? JSONEncoder().encode(WorkerReply.sample(run.nextSample()))
        let afterFrame = heapBytes()
        let decoded = frame.flatMap { try? JSONDecoder().decode(WorkerReply.self, from: $0) }
        let afterDecode = heapBytes()
        benchmark.measurement(RetainedMetrics.builder, afterBuilder - start)
        benchmark.measurement(RetainedMetrics.page, afterPage - afterBuilder)
        benchmark.measurement(RetainedMetrics.frame, afterFrame - afterPage)
        benchmark.measurement(RetainedMetrics.sample, afterDecode - afterFrame)
        blackHole((run, page, scratch, frame, decoded))
    }
}

enum RetainedMetrics {
    static let builder = BenchmarkMetric.custom("builder bytes", polarity: .prefersSmaller, useScalingFactor: false)
    static let page = BenchmarkMetric.custom("page and scratch bytes", polarity: .prefersSmaller, useScalingFactor: false)
    static let frame = BenchmarkMetric.custom("frame bytes in flight", polarity: .prefersSmaller, useScalingFactor: false)
    static let sample = BenchmarkMetric.custom("decoded sample bytes", polarity: .prefersSmaller, useScalingFactor: false)
}

/// Bytes the heap has handed out: small allocations plus mmapped large ones.
func heapBytes() -> Int {
    let info = mallinfo2()
    return Int(info.uordblks) + Int(info.hblkhd)
}
