import HummingbirdBcrypt
import Synchronization
import Testing

@testable import PulseHTTP

/// bcrypt behind a counter: what the verifier asked, and how often.
final class CountingCheck: Sendable {
    let calls = Mutex<[(password: String, hash: String)]>([])

    var count: Int { calls.withLock { $0.count } }
    var hashes: [String] { calls.withLock { $0.map(\.hash) } }

    var check: BasicAuthVerifier.PasswordCheck {
        { [self] password, hash in
            calls.withLock { $0.append((password, hash)) }
            return Bcrypt.verify(password, hash: hash)
        }
    }
}

@Suite("Basic auth verifier")
struct BasicAuthVerifierTests {
    // Cost 4, the lowest, keeps the suite fast; the cache logic does not depend on the cost.
    static let aliceHash = Bcrypt.hash("correct horse", cost: 4)
    static let bobHash = Bcrypt.hash("battery staple", cost: 4)

    @Test("the right password is accepted, and a second time without running bcrypt again")
    func cachedSuccess() async {
        let counter = CountingCheck()
        let verifier = BasicAuthVerifier(users: ["alice": Self.aliceHash], check: counter.check)
        #expect(await verifier.verify(user: "alice", password: "correct horse"))
        #expect(counter.count == 1)
        #expect(await verifier.verify(user: "alice", password: "correct horse"))
        #expect(await verifier.verify(user: "alice", password: "correct horse"))
        #expect(counter.count == 1)
    }

    @Test("a wrong password is refused and never cached: each attempt runs bcrypt")
    func wrongPasswordNotCached() async {
        let counter = CountingCheck()
        let verifier = BasicAuthVerifier(users: ["alice": Self.aliceHash], check: counter.check)
        #expect(await verifier.verify(user: "alice", password: "correct horse"))
        #expect(!(await verifier.verify(user: "alice", password: "correct hors")))
        #expect(!(await verifier.verify(user: "alice", password: "correct hors")))
        #expect(counter.count == 3)
        // The cached right password still works afterwards, from the cache.
        #expect(await verifier.verify(user: "alice", password: "correct horse"))
        #expect(counter.count == 3)
    }

    @Test("one user's cached password does not open another user")
    func cacheIsPerUser() async {
        let counter = CountingCheck()
        let verifier = BasicAuthVerifier(users: ["alice": Self.aliceHash, "bob": Self.bobHash], check: counter.check)
        #expect(await verifier.verify(user: "alice", password: "correct horse"))
        #expect(!(await verifier.verify(user: "bob", password: "correct horse")))
        #expect(await verifier.verify(user: "bob", password: "battery staple"))
        #expect(counter.count == 3)
    }

    @Test("an unknown user is refused after bcrypt against a dummy hash of the same cost, so it takes as long")
    func unknownUserRunsDummyBcrypt() async throws {
        let counter = CountingCheck()
        let verifier = BasicAuthVerifier(users: ["alice": Self.aliceHash], check: counter.check)
        #expect(!(await verifier.verify(user: "mallory", password: "correct horse")))
        #expect(!(await verifier.verify(user: "mallory", password: "correct horse")))
        #expect(counter.count == 2)
        let dummy = try #require(counter.hashes.first)
        #expect(dummy != Self.aliceHash)
        #expect(dummy.hasPrefix("$2") && dummy.split(separator: "$")[1] == "04")
    }

    @Test("the dummy hash takes the highest cost among the users")
    func dummyCost() {
        let hashes = ["$2y$05$" + String(repeating: "a", count: 53), "$2b$07$" + String(repeating: "a", count: 53)]
        #expect(BasicAuthVerifier.dummyHash(matchingCostOf: hashes).hasPrefix("$2b$07$"))
    }
}
