import CompressNIO
import NIOCore

extension RenderedPage {
    static func gzip(_ body: ByteBuffer) -> ByteBuffer? {
        // `compress(with:)` consumes the readable bytes of the buffer it is called on; compressing
        // a copy leaves `body` untouched (the copy shares storage until then, so it costs nothing).
        var input = body
        return try? input.compress(with: .gzip())
    }
}
