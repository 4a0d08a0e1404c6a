import PulseCore
import Testing

@Suite("librdkafka error events: the first of each cause is reported, not its repeats")
struct RepeatedErrorFilterTests {
    let handshake =
        "ssl://localhost:9093/bootstrap: SSL handshake failed: error:0A000086:SSL routines::certificate verify failed (after 3ms in state SSL_HANDSHAKE)"
    let handshakeElsewhere =
        "ssl://localhost:9093/1: SSL handshake failed: error:0A000086:SSL routines::certificate verify failed (after 12ms in state SSL_HANDSHAKE, 4 identical error(s) suppressed)"

    /// Plays events through one filter; true where it would warn.
    func play(_ events: [(String, String)], capacity: Int = 64, resetBefore: Set<Int> = []) -> [Bool] {
        var filter = RepeatedErrorFilter(capacity: capacity)
        return events.enumerated().map { index, event in
            if resetBefore.contains(index) { filter.reset() }
            return filter.shouldReport(name: event.0, reason: event.1)
        }
    }

    @Test("the same cause on another broker or after another delay is a repeat")
    func repeatsAreSuppressed() {
        let reported = play([
            ("_SSL", handshake), ("_SSL", handshake), ("_SSL", handshakeElsewhere),
            ("_ALL_BROKERS_DOWN", "0/1 brokers are down"), ("_ALL_BROKERS_DOWN", "1/1 brokers are down"),
            ("_ALL_BROKERS_DOWN", "3/3 brokers are down"),
        ])
        // All brokers down is one cause whatever counts librdkafka puts in it.
        #expect(reported == [true, false, false, true, false, false])
    }

    @Test("one TLS failure raised as a transport and as an SSL event is one cause (its OpenSSL code)")
    func oneOpenSSLCause() {
        let reported = play([
            ("_TRANSPORT", "ssl://localhost:9093/bootstrap: error:0A000086:SSL routines::certificate verify failed (after 1ms in state SSL_HANDSHAKE)"),
            ("_SSL", handshake),
            ("_SSL", "ssl://localhost:9093/bootstrap: SSL handshake failed: error:0A000410:SSL routines::sslv3 alert handshake failure"),
        ])
        #expect(reported == [true, false, true])
    }

    @Test("librdkafka's log lines: the thread prefix is not part of the cause")
    func threadPrefix() {
        #expect(
            RepeatedErrorFilter.cause(of: "[thrd:sasl_ssl://b:9093/1]: sasl_ssl://b:9093/1: SASL authentication error: Authentication failed")
                == "SASL authentication error: Authentication failed")
    }

    @Test("after Kafka answered, the same cause is news again")
    func resetReportsAgain() {
        let authentication = ("_AUTHENTICATION", "SASL authentication error: wrong password")
        #expect(play([authentication, authentication, authentication], resetBefore: [2]) == [true, false, true])
    }

    @Test("the cause keeps what is not broker or timing")
    func cause() {
        #expect(
            RepeatedErrorFilter.cause(of: handshake)
                == "SSL handshake failed: error:0A000086:SSL routines::certificate verify failed")
        #expect(RepeatedErrorFilter.cause(of: "1/1 brokers are down") == "1/1 brokers are down")
        #expect(RepeatedErrorFilter.cause(of: "plain: text: more") == "plain: text: more")
    }

    @Test("distinct causes are bounded")
    func bounded() {
        #expect(play([("a", "1"), ("a", "2"), ("a", "3")], capacity: 2) == [true, true, false])
    }
}
