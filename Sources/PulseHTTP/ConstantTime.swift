/// Byte comparison whose running time depends only on the lengths, not on where the inputs
/// differ, so a client cannot learn a cached password byte by byte from response times.
/// (No package we build exports one; bcrypt's own check is done inside CBcrypt.)
enum ConstantTime {
    static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        var difference: UInt8 = lhs.count == rhs.count ? 0 : 1
        // Walk the longer input in full either way; a missing byte counts as a difference.
        var left = lhs.makeIterator()
        var right = rhs.makeIterator()
        for _ in 0..<max(lhs.count, rhs.count) {
            difference |= (left.next() ?? 0) ^ (right.next() ?? 0)
        }
        return difference == 0
    }
}
