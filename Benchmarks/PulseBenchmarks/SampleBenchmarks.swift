import Benchmark
import Foundation
import PulseCore
import PulseExposition
import PulseWorkerProtocol

/// The exporter's share of a sample, after the worker has answered: decode the worker's frame,
/// derive the snapshot (join, lag, lag in seconds, status, rates), publish the page.
func registerSampleBenchmarks(_ shape: ClusterShape) {
    Benchmark("Record sample (lag, lag seconds, status, rates) \(shape.label)") { benchmark, run in
        let sample = run.nextSample()
        benchmark.startMeasurement()
        blackHole(run.record(sample))
    } setup: {
        SamplingRun(shape)
    }

    Benchmark(
        "Decode worker frame \(shape.label)",
        configuration: .init(metrics: PageMetrics.with([PageMetrics.frameBytes]))
    ) { benchmark, frame in
        blackHole(try? CompactFrame.decode(WorkerReply.self, from: frame))
        benchmark.stopMeasurement()
        benchmark.measurement(PageMetrics.frameBytes, frame.count)
    } setup: {
        // The payload FrameChannel carries, for a sample with topic configs.
        try CompactFrame.encode(WorkerReply.sample(SyntheticCluster(shape).sample(SamplingRun.defaultWarmup * 20)))
    }

    Benchmark("Encode worker frame (in the worker) \(shape.label)") { benchmark, reply in
        blackHole(try? CompactFrame.encode(reply))
    } setup: {
        WorkerReply.sample(SyntheticCluster(shape).sample(SamplingRun.defaultWarmup * 20))
    }

    // The JSON frames used before CompactFrame (issue 19), kept as the comparison.
    Benchmark(
        "Decode worker frame as JSON (before) \(shape.label)",
        configuration: .init(metrics: PageMetrics.with([PageMetrics.frameBytes]))
    ) { benchmark, frame in
        blackHole(try? JSONDecoder().decode(WorkerReply.self, from: frame))
        benchmark.stopMeasurement()
        benchmark.measurement(PageMetrics.frameBytes, frame.count)
    } setup: {
        try JSONEncoder().encode(WorkerReply.sample(SyntheticCluster(shape).sample(SamplingRun.defaultWarmup * 20)))
    }

    Benchmark("Encode worker frame as JSON (before) \(shape.label)") { benchmark, reply in
        blackHole(try? JSONEncoder().encode(reply))
    } setup: {
        WorkerReply.sample(SyntheticCluster(shape).sample(SamplingRun.defaultWarmup * 20))
    }

    Benchmark("Exporter side of a sample (decode + record + publish) \(shape.label)") { benchmark, state in
        let frame = try? CompactFrame.encode(WorkerReply.sample(state.run.nextSample()))
        benchmark.startMeasurement()
        guard let frame, case .sample(let sample) = try? CompactFrame.decode(WorkerReply.self, from: frame) else {
            benchmark.error("the frame did not decode to a sample")
            return
        }
        let snapshot = state.run.record(sample)
        blackHole(RenderedPage(snapshot: snapshot, generatedAt: .now, lastSuccessAt: .now, scratch: &state.scratch))
    } setup: {
        SampleState(shape)
    }
}

final class SampleState {
    let run: SamplingRun
    var scratch: [UInt8] = []

    init(_ shape: ClusterShape) {
        run = SamplingRun(shape)
        ExpositionRenderer.render(run.snapshot, reusing: &scratch)
    }
}
