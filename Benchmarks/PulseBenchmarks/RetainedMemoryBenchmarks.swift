import Benchmark
import Foundation
import PulseCore
import PulseExposition
import PulseWorkerProtocol

/// What the exporter keeps in memory between samples, by part, at each cluster size: the builder
/// (offset history for rates, lag in seconds and status, plus the last snapshot), the published
/// page (text, gzip) with the sampler's scratch buffer, and, for the length of a sample, encoding
/// the worker's frame (in the worker) and the decoded sample (in the exporter). Measured as the growth of the process's anonymous
/// resident memory (/proc/self/smaps_rollup), which is what RSS sees, allocator overhead included.
func registerRetainedMemoryBenchmarks(_ shape: ClusterShape) {
    Benchmark(
        "Retained memory \(shape.label)",
        configuration: .init(
            metrics: [
                RetainedMetrics.builder, RetainedMetrics.page, RetainedMetrics.frame, RetainedMetrics.sample,
                RetainedMetrics.points, RetainedMetrics.capacity,
            ],
            // Once, in a fresh process: a second round would reuse what the first freed.
            warmupIterations: 0, maxIterations: 1)
    ) { benchmark in
        let start = anonymousBytes()
        let run = SamplingRun(shape)
        let afterBuilder = anonymousBytes()
        var scratch: [UInt8] = []
        let page = RenderedPage(snapshot: run.snapshot, generatedAt: .now, lastSuccessAt: .now, scratch: &scratch)
        let afterPage = anonymousBytes()
        let frame = try? CompactFrame.encode(WorkerReply.sample(run.nextSample()))
        let afterFrame = anonymousBytes()
        let decoded = frame.flatMap { try? CompactFrame.decode(WorkerReply.self, from: $0) }
        let afterDecode = anonymousBytes()
        benchmark.measurement(RetainedMetrics.builder, afterBuilder - start)
        benchmark.measurement(RetainedMetrics.page, afterPage - afterBuilder)
        benchmark.measurement(RetainedMetrics.frame, afterFrame - afterPage)
        benchmark.measurement(RetainedMetrics.sample, afterDecode - afterFrame)
        // Offset history: points kept against the room their arrays hold.
        let history = run.builder.offsetHistory
        let series = Array(history.endOffsets.values) + Array(history.committedOffsets.values)
        benchmark.measurement(RetainedMetrics.points, series.reduce(0) { $0 + $1.points.count })
        benchmark.measurement(RetainedMetrics.capacity, series.reduce(0) { $0 + $1.points.capacity })
        blackHole((run, page, scratch, frame, decoded))
    }
}

enum RetainedMetrics {
    static let builder = BenchmarkMetric.custom("builder bytes", polarity: .prefersSmaller, useScalingFactor: false)
    static let page = BenchmarkMetric.custom("page and scratch bytes", polarity: .prefersSmaller, useScalingFactor: false)
    static let frame = BenchmarkMetric.custom("frame encoding bytes", polarity: .prefersSmaller, useScalingFactor: false)
    static let sample = BenchmarkMetric.custom("decoded sample bytes", polarity: .prefersSmaller, useScalingFactor: false)
    static let points = BenchmarkMetric.custom("history points", polarity: .prefersSmaller, useScalingFactor: false)
    static let capacity = BenchmarkMetric.custom("history point capacity", polarity: .prefersSmaller, useScalingFactor: false)
}

/// Anonymous resident memory of this process, in bytes.
func anonymousBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/smaps_rollup", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("Anonymous:") {
        return (line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0) * 1024
    }
    return 0
}
