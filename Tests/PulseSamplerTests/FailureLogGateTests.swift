import Testing

@testable import PulseSampler

@Suite("A failure that repeats every sample is warned about once")
struct FailureLogGateTests {
    func play(_ failures: [String?]) -> [FailureLogGate.Verdict] {
        var gate = FailureLogGate()
        return failures.map { gate.record(failure: $0) }
    }

    @Test("first failure warns, its repeats do not, recovery is told, a later failure warns again")
    func sequence() {
        let handshake = "[metadata: _TRANSPORT: SSL handshake failed]"
        #expect(
            play([nil, handshake, handshake, handshake, nil, nil, handshake])
                == [.fine, .newFailure, .repeatedFailure, .repeatedFailure, .recovered, .fine, .newFailure])
    }

    @Test("a different failure is news even without a good sample in between")
    func differentFailure() {
        #expect(
            play(["[metadata: timed out]", "[groupOffsets: denied]", "[groupOffsets: denied]"])
                == [.newFailure, .newFailure, .repeatedFailure])
    }
}
