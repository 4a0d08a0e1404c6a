import Dispatch

/// Runs a call that blocks (a librdkafka poll, a pipe read) on a thread of its own.
///
/// Not on `DispatchQueue.global()`: on Linux that pool runs only as many blocked calls at once as
/// the machine has cores. On two cores the third of the sample's three concurrent ListOffsets waits
/// started only when one of the first two timed out, the worker outran its budget and was killed
/// (real Kafka, one broker killed: about one lost sample per kill). A queue of its own targets
/// Dispatch's overcommitting pool, which starts a thread whenever none is idle.
public func runBlocking<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        DispatchQueue(label: "kafka-pulse.blocking-call").async { continuation.resume(returning: body()) }
    }
}
