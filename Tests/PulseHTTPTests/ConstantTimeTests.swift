import Testing

@testable import PulseHTTP

@Suite("Constant-time comparison")
struct ConstantTimeTests {
    @Test("equal bytes compare equal, empty included", arguments: [[], [0], Array(0...255)] as [[UInt8]])
    func equal(bytes: [UInt8]) {
        #expect(ConstantTime.equals(bytes, bytes))
    }

    @Test("a difference anywhere is found: first byte, middle, last byte")
    func differenceAnywhere() {
        let base = [UInt8](repeating: 7, count: 32)
        for index in [0, 16, 31] {
            var other = base
            other[index] ^= 1
            #expect(!ConstantTime.equals(base, other), "difference at \(index)")
        }
    }

    @Test("a prefix is not equal to the whole, either way round")
    func prefixDiffers() {
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([1, 2], [1, 2, 3]))
        #expect(!ConstantTime.equals([], [0]))
    }
}
