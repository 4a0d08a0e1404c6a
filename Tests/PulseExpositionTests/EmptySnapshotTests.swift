import PulseCore
import Testing

@testable import PulseExposition

@Suite("Empty snapshot")
struct EmptySnapshotTests {
    @Test("before the cluster was ever read, the page holds only the exporter's own metrics")
    func emptySnapshotRendersOnlySelfMetrics() {
        let families = familyNames(in: ExpositionRenderer.render(FixtureSnapshot.empty))
        #expect(
            families == [
                "kafka_pulse_build_info",
                "kafka_pulse_lag_clamps_total",
                "kafka_pulse_offset_history_series",
                "kafka_pulse_partitions_offset_unknown",
                "kafka_pulse_sample_duration_seconds",
                "kafka_pulse_sample_errors_total",
                "kafka_pulse_samples_total",
                "kafka_pulse_up",
                "kafka_pulse_worker_failures_total",
                "kafka_pulse_worker_restarts_total",
            ])
    }

    @Test("counters list every phase and reason at 0 from the first page, so rate() sees the first increment")
    func countersStartAtZeroForEveryLabel() {
        let lines = ExpositionRenderer.render(FixtureSnapshot.empty).lines
        for phase in SamplePhase.allCases {
            #expect(lines.contains("kafka_pulse_sample_errors_total{phase=\"\(phase.rawValue)\"} 0"))
        }
        for kind in WorkerFailure.Kind.allCases {
            #expect(lines.contains("kafka_pulse_worker_failures_total{reason=\"\(kind.rawValue)\"} 0"))
        }
    }
}
