internal import CRDKafka
import PulseCore

/// Owns one librdkafka event (an admin result) until it is read.
///
/// `@unchecked Sendable`: the event is handed from the Dispatch thread that polled it to the task
/// that reads it, and is only ever used by one thread at a time.
final class AdminResult: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_event_destroy(pointer)
    }

    /// The request-level error, nil when the request as a whole succeeded.
    var requestError: KafkaReadError? {
        let code = rd_kafka_event_error(pointer)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let text = rd_kafka_event_error_string(pointer).map { String(cString: $0) } ?? ""
        let kind: KafkaReadError.Code = code == RD_KAFKA_RESP_ERR__TIMED_OUT ? .timedOut : .request
        return KafkaReadError(kind, "\(errorName(code)): \(text)")
    }
}

/// A private queue for one admin request and the wait for its result.
///
/// `@unchecked Sendable`: the queue pointer never changes and librdkafka queues are thread-safe.
final class ResultQueue: @unchecked Sendable {
    let pointer: OpaquePointer

    init?(_ client: AdminClient) {
        guard let queue = rd_kafka_queue_new(client.handle) else { return nil }
        pointer = queue
    }

    deinit {
        rd_kafka_queue_destroy(pointer)
    }

    /// Waits for the result. A request that outlives the wait still ends inside librdkafka, which
    /// keeps the queue alive until then.
    func next(timeout: Duration) async throws(KafkaReadError) -> AdminResult {
        let milliseconds = Int32(max(0.001, timeout.inSeconds) * 1000)
        let event = await runBlocking { [self] in rd_kafka_queue_poll(pointer, milliseconds).map(AdminResult.init) }
        guard let event else { throw KafkaReadError(.timedOut, "no answer within \(timeout.inSeconds) s") }
        if let error = event.requestError { throw error }
        return event
    }
}

func errorName(_ code: rd_kafka_resp_err_t) -> String { String(cString: rd_kafka_err2name(code)) }

func describe(_ error: OpaquePointer?) -> String? {
    guard let error, rd_kafka_error_code(error) != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
    return "\(String(cString: rd_kafka_error_name(error))): \(String(cString: rd_kafka_error_string(error)))"
}

/// Text librdkafka wrote into an error buffer, up to its terminating NUL.
func decodeErrorText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
