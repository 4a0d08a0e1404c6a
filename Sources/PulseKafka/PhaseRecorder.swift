import PulseCore

/// Times the phases of one sample, gives each Kafka call a timeout that fits in what is left of the
/// sample's deadline, and records how each phase went.
struct PhaseRecorder {
    let deadline: ContinuousClock.Instant
    let requestTimeout: Duration
    private(set) var reports: [PhaseReport] = []

    init(deadline: ContinuousClock.Instant, requestTimeout: Duration) {
        self.deadline = deadline
        self.requestTimeout = requestTimeout
    }

    /// The timeout for the next call: the configured request timeout, cut to the time left.
    var nextTimeout: Duration {
        max(.milliseconds(1), min(requestTimeout, deadline - ContinuousClock.now))
    }

    /// Runs one phase; nil when it failed outright. `partial` names an error inside a result that
    /// still came back (one broker or group failed): the data is kept and the phase counts as failed.
    mutating func run<Value>(
        _ phase: SamplePhase, partial: (Value) -> String? = { _ in nil },
        _ body: (Duration) async throws(KafkaReadError) -> Value
    ) async -> Value? {
        let timeout = nextTimeout
        let outcome = await Self.timed { () throws(KafkaReadError) in try await body(timeout) }
        return record(phase, outcome, partial: partial)
    }

    /// Runs independent phases at the same time, each recorded as its own phase; the values come
    /// back in the order of `phases`.
    mutating func runConcurrently<Value: Sendable>(
        _ phases: [(phase: SamplePhase, body: @Sendable (Duration) async throws(KafkaReadError) -> Value)],
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

    /// Runs two independent phases of different kinds at the same time, each recorded as its own
    /// phase (`first` before `second` in the reports).
    mutating func runBoth<First: Sendable, Second: Sendable>(
        _ first: ConcurrentPhase<First>, _ second: ConcurrentPhase<Second>
    ) async -> (First?, Second?) {
        let timeout = nextTimeout
        async let firstOutcome = Self.timed { () throws(KafkaReadError) in try await first.body(timeout) }
        async let secondOutcome = Self.timed { () throws(KafkaReadError) in try await second.body(timeout) }
        let outcomes = await (firstOutcome, secondOutcome)
        return (record(first.phase, outcomes.0, partial: first.partial), record(second.phase, outcomes.1, partial: second.partial))
    }

    private static func timed<Value>(
        _ body: () async throws(KafkaReadError) -> Value
    ) async -> (result: Result<Value, KafkaReadError>, seconds: Double) {
        let started = ContinuousClock.now
        do {
            let value = try await body()
            return (.success(value), started.duration(to: .now).inSeconds)
        } catch {
            return (.failure(error), started.duration(to: .now).inSeconds)
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
}

/// One phase for `PhaseRecorder.runBoth`: what it is, how a partial failure shows in its value,
/// and the call.
struct ConcurrentPhase<Value: Sendable>: Sendable {
    let phase: SamplePhase
    let partial: @Sendable (Value) -> String?
    let body: @Sendable (Duration) async throws(KafkaReadError) -> Value
}
