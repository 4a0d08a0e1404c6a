import Benchmark

/// Sizes recorded next to the timings, so that BENCHMARKS.md can say what was measured.
enum PageMetrics {
    static let series = BenchmarkMetric.custom("series", polarity: .prefersSmaller, useScalingFactor: false)
    static let bytes = BenchmarkMetric.custom("page bytes", polarity: .prefersSmaller, useScalingFactor: false)
    static let gzipBytes = BenchmarkMetric.custom("gzip bytes", polarity: .prefersSmaller, useScalingFactor: false)
    static let frameBytes = BenchmarkMetric.custom("frame bytes", polarity: .prefersSmaller, useScalingFactor: false)

    /// Series on a text-format page: every line that is not a comment.
    static func countSeries(_ page: [UInt8]) -> Int {
        var series = 0
        var lineStart = true
        for byte in page {
            if lineStart && byte != UInt8(ascii: "#") { series += 1 }
            lineStart = byte == UInt8(ascii: "\n")
        }
        return series
    }

    static func with(_ extra: [BenchmarkMetric]) -> [BenchmarkMetric] {
        Benchmark.defaultConfiguration.metrics + extra
    }
}
