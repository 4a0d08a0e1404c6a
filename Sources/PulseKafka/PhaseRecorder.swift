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

    /// Runs independent phases at the same time, each recorded as its own phase; the values come
    /// back in the order of `phases`.
    mutating func runConcurrently<Value: Sendable>(
        _ phases: [(phase: SamplePhase, body: @Sendable (Double) async throws(KafkaReadError) -> Value)],
        partial: (Value) -> String?
    ) async -> [Value?] {
        let timeout = nextTimeout
        let outcomes = await withTaskGroup(of: (Int, Result<Value, KafkaReadError>, Double).self) { group in
            for (index, job) in phases.enumerated() {
                group.addTask {
                    let outcome = await Self.timed { () throws(KafkaReadError) in try await job.body(timeout) }
                    return (index, outcome.result, outcome.seconds)
                }
            }
            var collected: [(result: Result<Value, KafkaReadError>, seconds: Double)?] = Array(repeating: nil, count: phases.count)
            for await (index, result, seconds) in group { collected[index] = (result, seconds) }
            return collected
        }
        return zip(phases, outcomes).map { job, outcome in
            guard let outcome else { return nil }
            return record(job.phase, outcome, partial: partial)
        }
    }

    private static func timed<Value>(
        _ body: () async throws(KafkaReadError) -> Value
    ) async -> (result: Result<Value, KafkaReadError>, seconds: Double) {
        let started = ContinuousClock.now
        do {
            let value = try await body()
            return (.success(value), Self.elapsed(since: started))
        } catch {
            return (.failure(error), Self.elapsed(since: started))
        }
    }

    private mutating func record<Value>(
        _ phase: SamplePhase, _ outcome: (result: Result<Value, KafkaReadError>, seconds: Double), partial: (Value) -> String?
    ) -> Value? {
        switch outcome.result {
        case .success(let value):
            reports.append(PhaseReport(phase: phase, durationSeconds: outcome.seconds, error: partial(value)))
            return value
        case .failure(let error):
            reports.append(PhaseReport(phase: phase, durationSeconds: outcome.seconds, error: error.message))
            return nil
        }
    }

    private static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
