import Benchmark

// The parts of a sample and a scrape that need no broker, at three cluster sizes (see
// `ClusterShape`). Run with scripts/bench (or `KAFKA_PULSE_BENCHMARKS=1 swift package benchmark`);
// timings are reported, never asserted.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        // CPU time is left out: getrusage's 10 ms ticks say nothing at these durations.
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, .throughput],
        // Fixed units, so that scripts/bench can read the exported percentiles without guessing.
        timeUnits: .microseconds,
        units: [
            .mallocCountTotal: .count, .mallocFreeDelta: .count, .peakMemoryResident: .mega, .throughput: .count,
            PageMetrics.series: .count, PageMetrics.bytes: .count, PageMetrics.gzipBytes: .count, PageMetrics.frameBytes: .count,
            RetainedMetrics.builder: .count, RetainedMetrics.page: .count, RetainedMetrics.frame: .count,
            RetainedMetrics.sample: .count, RetainedMetrics.points: .count, RetainedMetrics.capacity: .count,
        ],
        warmupIterations: 3,
        maxDuration: .seconds(5),
        maxIterations: 2_000)

    registerRouterBaseline()
    for shape in ClusterShape.all {
        registerRenderBenchmarks(shape)
        registerSampleBenchmarks(shape)
        registerScrapeBenchmarks(shape)
        registerRetainedMemoryBenchmarks(shape)
    }
}
