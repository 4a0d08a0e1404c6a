public import HummingbirdCore
import NIOCore

/// What one HTTP connection may hold on to. A scraper sends a few hundred bytes of headers and
/// reads one page; anything far past that is a broken or hostile client, and must not be able to
/// pin connections or memory.
public struct ServerLimits: Sendable {
    /// A connection with no request in progress (keep-alive between scrapes, or a client trickling
    /// a request head that never completes) is closed after this long.
    public var idleTimeout: Duration
    /// All request header lines together; an over-long head is answered 431 and the connection closed.
    public var maxHeaderBytes: Int
    public var maxHeaderFields: Int

    public init(idleTimeout: Duration = .seconds(30), maxHeaderBytes: Int = 16 * 1024, maxHeaderFields: Int = 100) {
        self.idleTimeout = idleTimeout
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderFields = maxHeaderFields
    }

    public var http1: HTTP1Channel.Configuration {
        let components = idleTimeout.components
        let nanoseconds = components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
        return HTTP1Channel.Configuration(
            idleTimeout: .nanoseconds(nanoseconds),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: maxHeaderBytes, maxHeaderListSize: maxHeaderBytes, maxHeaderFieldCount: maxHeaderFields))
    }
}
