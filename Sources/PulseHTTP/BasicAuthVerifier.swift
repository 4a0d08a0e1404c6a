import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// Checks basic-auth credentials against `basic_auth_users` (bcrypt hashes).
///
/// bcrypt is slow on purpose (~50-250 ms at cost 10-12); a scrape every few seconds, or a scrape
/// storm, must not pay it each time. A successful check is remembered per user as the password
/// that passed; the next request with the same credentials compares it in constant time instead of
/// running bcrypt. Prometheus' exporter-toolkit caches the same way (its cache key holds the
/// password). A digest would hide nothing the process does not already see in every request, and
/// it cost the build swift-crypto (a second BoringSSL, 18 % of a release build). The cache holds at
/// most one entry per configured user, so it is bounded by the config. Failed checks are never
/// cached. bcrypt runs on NIO's thread pool, never on an event loop or the cooperative pool.
public final class BasicAuthVerifier: Sendable {
    /// `(password, hash) -> matches`; bcrypt in production, counted in tests.
    public typealias PasswordCheck = @Sendable (_ password: String, _ hash: String) -> Bool

    let users: [String: String]
    let check: PasswordCheck
    /// Checked for unknown users so that they take as long as known ones: the response time does
    /// not tell whether a user exists.
    let dummyHash: String
    let verified = Mutex<[String: [UInt8]]>([:])

    /// `check` defaults to bcrypt (HummingbirdBcrypt); tests pass a counting wrapper.
    public init(users: [String: String], check: PasswordCheck? = nil) {
        self.users = users
        self.check = check ?? { Bcrypt.verify($0, hash: $1) }
        dummyHash = Self.dummyHash(matchingCostOf: users.values)
    }

    public func verify(user: String, password: String) async -> Bool {
        let offered = Array(password.utf8)
        let hash = users[user]
        if hash != nil, let known = verified.withLock({ $0[user] }), ConstantTime.equals(known, offered) {
            return true
        }
        let check = self.check
        let matches: Bool
        do {
            matches = try await NIOThreadPool.singleton.runIfActive { check(password, hash ?? self.dummyHash) }
        } catch {
            return false  // the pool is shutting down: so is the server
        }
        guard matches, hash != nil else { return false }
        verified.withLock { $0[user] = offered }
        return true
    }

    /// A hash of a random password at the highest cost among the configured ones.
    static func dummyHash(matchingCostOf hashes: some Collection<String>) -> String {
        let costs = hashes.compactMap { hash in hash.split(separator: "$").dropFirst().first.flatMap { UInt8($0) } }
        guard let cost = costs.max() else { return "" }  // no users: every request is refused anyway
        let password = (0..<16).map { _ in String(UInt8.random(in: .min ... .max), radix: 16) }.joined()
        return Bcrypt.hash(password, cost: min(max(cost, 4), 31))
    }
}
