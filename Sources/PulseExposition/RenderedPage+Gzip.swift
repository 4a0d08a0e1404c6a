import CompressNIO
import NIOCore

extension RenderedPage {
    /// zlib's fastest level: on the 13 MB page of 10,000 partitions and 1,000 groups it takes about
    /// a third of the default level's time for about a sixth more bytes (BENCHMARKS.md), and the
    /// sample's time is the budget that is short, not the bytes a scrape moves.
    static let gzipLevel = ZlibConfiguration(compressionLevel: .fastestCompression)

    static func gzip(_ body: ByteBuffer) -> ByteBuffer? {
        // `compress(with:)` consumes the readable bytes of the buffer it is called on; compressing
        // a copy leaves `body` untouched (the copy shares storage until then, so it costs nothing).
        var input = body
        return try? input.compress(with: .gzip(configuration: gzipLevel))
    }
}
