import Testing

@testable import PulseWorkerProtocol

@Suite("Frame buffer: consumed bytes are released")
struct FrameBufferTests {
    @Test("bytes come out in order, split and joined across appends")
    func bytesInOrder() {
        var buffer = FrameBuffer()
        buffer.append([1, 2, 3])
        #expect(buffer.take(4) == nil)
        buffer.append([4, 5])
        #expect(buffer.take(2) == [1, 2])
        #expect(buffer.take(3) == [3, 4, 5])
        #expect(buffer.count == 0)
        #expect(buffer.take(1) == nil)
    }

    @Test("after a hundred frames read in pipe-sized chunks, the storage holds at most one frame and one chunk")
    func storageStaysBounded() {
        let frame = 200_004
        let chunk = 65_536
        var buffer = FrameBuffer()
        var stream = 0  // bytes of the endless frame stream appended so far
        var framesRead = 0
        var largestStorage = 0
        while framesRead < 100 {
            // Chunks do not line up with frames, as reads from a pipe do not.
            buffer.append(repeatElement(UInt8(7), count: chunk))
            stream += chunk
            while let taken = buffer.take(frame) {
                #expect(taken.count == frame)
                framesRead += 1
            }
            largestStorage = max(largestStorage, buffer.storageCapacity)
        }
        #expect(buffer.count == stream - framesRead * frame)
        // Array growth may double: two frames' worth is the honest bound; 100 frames kept would be 20 MB.
        #expect(largestStorage <= 2 * (frame + chunk))
    }

    @Test("a buffer emptied on a frame boundary lets go of its storage")
    func emptiedBufferReleasesStorage() {
        var buffer = FrameBuffer()
        buffer.append(repeatElement(UInt8(1), count: 1_000_000))
        #expect(buffer.take(1_000_000)?.count == 1_000_000)
        #expect(buffer.storageCapacity == 0)
    }
}
