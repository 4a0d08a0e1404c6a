/// Names a bootstrap or broker address that answers but is not a Kafka listener (an HTTP server,
/// SSH), from the error librdkafka raises. librdkafka reads the first four bytes of any reply as a
/// Kafka frame size, so such a peer shows up as "Receive failed: Invalid response size 1213486160
/// … increase receive.message.max.bytes", advice that cannot help; and a peer that keeps silent on
/// the first request (ApiVersions) shows up as an ApiVersion timeout that blames the broker's version.
/// (A TLS listener reached without TLS sends a 7-byte alert and hangs up, which librdkafka logs only
/// at debug level with `log.connection.close=false`: nothing to name.)
public enum ForeignListener {
    /// One line for the operator, or nil when the error is not one of these.
    public static func diagnosis(of reason: String) -> String? {
        let address = self.address(in: reason) ?? "the server"
        if let size = invalidResponseSize(in: reason), let peer = peerGuess(forFrameSize: size) {
            return "\(address) answers but does not speak the Kafka protocol (\(peer)): check --kafka.server"
        }
        if reason.contains("ApiVersionRequest failed: Local: Timed out") {
            return "\(address) accepted the connection but never answered Kafka's first request (ApiVersions):"
                + " it does not speak the Kafka protocol, or the broker is overloaded"
        }
        return nil
    }

    /// What the first four bytes of the reply say about the peer; nil when they could be a real
    /// (just too large) Kafka frame, for which librdkafka's own advice stands.
    static func peerGuess(forFrameSize size: Int64) -> String? {
        guard let word = UInt32(exactly: size) ?? UInt32(exactly: size + (1 << 32)) else { return nil }
        let bytes = [UInt8(word >> 24), UInt8(word >> 16 & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word & 0xFF)]
        if bytes.allSatisfy({ (0x20...0x7E).contains($0) }) {
            let text = String(decoding: bytes, as: UTF8.self)
            let kind =
                switch text {
                case "HTTP": ": an HTTP server"
                case "SSH-": ": an SSH server"
                default: ""
                }
            return "its reply starts with the text \"\(text)\"\(kind)"
        }
        if size < 4 { return "its reply starts with an impossible frame size, \(size)" }
        return nil
    }

    /// The number in librdkafka's "Invalid response size N (0..M)".
    static func invalidResponseSize(in reason: String) -> Int64? {
        guard let match = reason.firstMatch(of: #/Invalid response size (-?[0-9]+) /#) else { return nil }
        return Int64(match.output.1)
    }

    /// `host:port` from the broker name librdkafka puts first (`127.0.0.1:8080/bootstrap: …`,
    /// `ssl://b:9093/1: …`), after its optional `[thrd:…]: ` prefix.
    static func address(in reason: String) -> String? {
        var text = Substring(reason)
        if text.hasPrefix("[thrd:"), let end = text.firstRange(of: "]: ") { text = text[end.upperBound...] }
        guard let separator = text.firstRange(of: ": ") else { return nil }
        var name = text[..<separator.lowerBound]
        if let scheme = name.firstRange(of: "://") { name = name[scheme.upperBound...] }
        if let slash = name.lastIndex(of: "/") { name = name[..<slash] }
        return name.contains(":") && !name.contains(" ") ? String(name) : nil
    }
}
