import CGlibcMalloc
import Glibc
import PulseCore
import Testing

/// The allocator setting that keeps each sample's large buffers out of the heap.
@Suite("Heap tuning")
struct HeapTuningTests {
    @Test("a threshold the operator set for glibc is left alone")
    func operatorThresholdWins() {
        let set: [[String: String]] = [
            ["MALLOC_MMAP_THRESHOLD_": "65536"],
            ["GLIBC_TUNABLES": "glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=65536"],
        ]
        for environment in set {
            #expect(!HeapTuning.fixMmapThreshold(environment: { environment[$0] }))
        }
    }

    @Test("a large block is still unmapped when freed after a larger one was")
    func largeBlocksStayMapped() throws {
        let environment = ["GLIBC_TUNABLES": "glibc.malloc.arena_max=2"]
        #expect(HeapTuning.fixMmapThreshold(environment: { environment[$0] }))
        // Freeing a 16 MiB mapped block raises glibc's own threshold to 16 MiB (it goes up to 32 MiB).
        free(malloc(16 << 20))
        let block = try #require(malloc(4 << 20))
        defer { free(block) }
        #expect(isMapped(block))
    }

    /// glibc marks a chunk it mmapped with bit 1 (IS_MMAPPED) of the size word just before the
    /// pointer it returns; read per block, so other tests allocating meanwhile cannot disturb it.
    private func isMapped(_ block: UnsafeMutableRawPointer) -> Bool {
        (block - MemoryLayout<Int>.size).load(as: Int.self) & 0x2 != 0
    }
}
