/// Levenshtein distance with an early exit, only to suggest a key for a typo.
enum EditDistance {
    static func isWithin(_ limit: Int, _ a: String, _ b: String) -> Bool {
        let a = Array(a), b = Array(b)
        guard abs(a.count - b.count) <= limit else { return false }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            guard current.min() ?? 0 <= limit else { return false }
            previous = current
        }
        return (previous.last ?? 0) <= limit
    }
}
