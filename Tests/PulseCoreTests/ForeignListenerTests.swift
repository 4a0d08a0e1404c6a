import PulseCore
import Testing

/// Issue 21: a port that answers but is not Kafka is named as such, from the error librdkafka raises
/// (texts as librdkafka 2.14.2's rdkafka_broker.c writes them).
@Suite("A listener that is not Kafka is named as such")
struct ForeignListenerTests {
    static func receiveFailed(_ size: Int64) -> String {
        "127.0.0.1:8080/bootstrap: Receive failed: Invalid response size \(size) (0..100000000): increase receive.message.max.bytes"
            + " (after 1ms in state APIVERSION_QUERY)"
    }

    @Test(
        "the first four bytes of the reply say what answered",
        arguments: [
            // "HTTP", "SSH-", an ASCII banner, a negative size.
            (Int64(0x4854_5450), "its reply starts with the text \"HTTP\": an HTTP server"),
            (Int64(0x5353_482D), "its reply starts with the text \"SSH-\": an SSH server"),
            (Int64(0x2B4F_4B20), "its reply starts with the text \"+OK \""),
            (Int64(-1), "its reply starts with an impossible frame size, -1"),
        ])
    func invalidResponseSize(size: Int64, peer: String) {
        #expect(
            ForeignListener.diagnosis(of: Self.receiveFailed(size))
                == "127.0.0.1:8080 answers but does not speak the Kafka protocol (\(peer)): check --kafka.server")
    }

    @Test("a real frame merely larger than receive.message.max.bytes keeps librdkafka's advice")
    func largeKafkaFrameIsNotForeign() {
        #expect(ForeignListener.diagnosis(of: Self.receiveFailed(104_857_600)) == nil)
    }

    @Test("silence on the first request (ApiVersions) is named")
    func apiVersionTimeout() {
        let timedOut =
            "[thrd:127.0.0.1:2222/bootstrap]: 127.0.0.1:2222/bootstrap: ApiVersionRequest failed: Local: Timed out:"
            + " probably due to broker version < 0.10 (see api.version.request configuration) (after 10009ms in state APIVERSION_QUERY)"
        #expect(ForeignListener.diagnosis(of: timedOut)?.hasPrefix("127.0.0.1:2222 accepted the connection but never answered") == true)
    }

    @Test("other errors are left alone")
    func otherErrors() {
        #expect(ForeignListener.diagnosis(of: "127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused") == nil)
        #expect(ForeignListener.diagnosis(of: "1/1 brokers are down") == nil)
        // A hang-up is a broker restart as often as a wrong port.
        #expect(ForeignListener.diagnosis(of: "b:9093/bootstrap: Disconnected: connection closed by peer: receive 0 after POLLIN (after 2ms in state APIVERSION_QUERY)") == nil)
    }
}
