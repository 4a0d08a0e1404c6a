/// The shape of a bcrypt hash (`$2y$10$` + 22 salt + 31 hash characters), checked at start-up so
/// a pasted plain password or a truncated hash fails loudly instead of rejecting every scrape.
enum BcryptHashFormat {
    static let alphabet = Set("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    static func isValid(_ hash: String) -> Bool {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, ["2a", "2b", "2y"].contains(parts[1]),
            parts[2].count == 2, let cost = Int(parts[2]), (4...31).contains(cost),
            parts[3].count == 53, parts[3].allSatisfy(alphabet.contains)
        else { return false }
        return true
    }
}
