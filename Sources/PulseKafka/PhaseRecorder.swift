import PulseCore

/// Times the phases of one sample, gives each Kafka call a timeout that fits in what is left of the
/// sample's deadline, and records how each phase went.
struct PhaseRecorder {
    let deadline: ContinuousClock.Instant
    let requestTimeout: Double
    private(set) var reports: [PhaseReport] = []

    init(deadline: ContinuousClock.Instant, requestTimeout: Double) {
        self.deadline = deadline
        self.requestTimeout = requestTimeout
    }

    /// The timeout for the next call: the configured request timeout, cut to the time left.
    var nextTimeout: Double {
        let left = deadline - ContinuousClock.now
        let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
        return max(0.001, min(requestTimeout, seconds))
    }

    /// Runs one phase; nil when it failed outright. `partial` names an error inside a result that
    /// still came back (one broker or group failed): the data is kept and the phase counts as failed.
    mutating func run<Value>(
        _ phase: SamplePhase, partial: (Value) -> String? = { _ in nil },
        _ body: (Double) async throws(KafkaReadError) -> Value
    ) async -> Value? {
        let started = ContinuousClock.now
        let timeout = nextTimeout
        do {
            let value = try await body(timeout)
            reports.append(PhaseReport(phase: phase, durationSeconds: seconds(since: started), error: partial(value)))
            return value
        } catch {
            reports.append(PhaseReport(phase: phase, durationSeconds: seconds(since: started), error: error.message))
            return nil
        }
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
