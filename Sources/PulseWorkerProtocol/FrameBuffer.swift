/// Bytes read from a pipe but not yet handed out as frames.
///
/// Foundation's `Data.removeFirst` on Linux keeps the consumed bytes in its storage and moves the
/// slice's start instead, and a later `append` grows that same storage: a buffer that was emptied
/// after every frame still grew by one frame per sample (200 KB a sample on a 600-partition
/// cluster) for the worker's whole life. This buffer drops consumed bytes for real, so its storage
/// never exceeds the largest frame plus one read.
struct FrameBuffer {
    private var bytes: [UInt8] = []
    /// Index of the first byte not yet handed out.
    private var start = 0

    var count: Int { bytes.count - start }

    /// The capacity of the storage behind the buffer: what it holds on to between reads.
    var storageCapacity: Int { bytes.capacity }

    mutating func append<Bytes: Sequence>(_ chunk: Bytes) where Bytes.Element == UInt8 {
        compact()
        bytes.append(contentsOf: chunk)
    }

    /// Removes and returns the first `length` bytes, or nil while fewer are buffered.
    mutating func take(_ length: Int) -> [UInt8]? {
        guard count >= length else { return nil }
        let taken = Array(bytes[start..<(start + length)])
        start += length
        if start == bytes.count {
            // The common case: a read ended exactly on a frame boundary. Keep a small storage only;
            // a large one would pin the biggest frame ever seen.
            bytes = []
            start = 0
        }
        return taken
    }

    /// Moves the unread bytes to the front, releasing the consumed ones.
    private mutating func compact() {
        guard start > 0 else { return }
        bytes = Array(bytes[start...])
        start = 0
    }
}
