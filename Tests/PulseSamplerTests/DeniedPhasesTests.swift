import PulseCore
import Testing

@testable import PulseSampler

@Suite("Denied phases: each refusal is reported once, until it changes")
struct DeniedPhasesTests {
    static let groupDenied = "g1: GROUP_AUTHORIZATION_FAILED: Broker: Group authorization failed"
    static let topicDenied = "1 partitions failed, first t/0: TOPIC_AUTHORIZATION_FAILED"

    static func reports(_ errors: [SamplePhase: String], skipping skipped: Set<SamplePhase> = []) -> [PhaseReport] {
        SamplePhase.allCases.filter { !skipped.contains($0) }.map { PhaseReport(phase: $0, durationSeconds: 0.01, error: errors[$0]) }
    }

    @Test("a refusal is a change on the first sample only, however many samples repeat it")
    func onceAcrossSamples() {
        var denied = DeniedPhases()
        let first = denied.update(with: Self.reports([.groupOffsets: Self.groupDenied]))
        #expect(first.map(\.phase) == [.groupOffsets])
        #expect(first.first?.denial?.acl == "Describe on Group")
        #expect(first.first?.error == Self.groupDenied)
        for _ in 0..<5 {
            #expect(denied.update(with: Self.reports([.groupOffsets: Self.groupDenied])).isEmpty)
        }
    }

    @Test("a second phase refused later is reported on its own; a granted ACL is reported once")
    func newRefusalAndGrant() {
        var denied = DeniedPhases()
        _ = denied.update(with: Self.reports([.groupOffsets: Self.groupDenied]))
        let second = denied.update(with: Self.reports([.groupOffsets: Self.groupDenied, .endOffsets: Self.topicDenied]))
        #expect(second.map(\.phase) == [.endOffsets])
        let granted = denied.update(with: Self.reports([.endOffsets: Self.topicDenied]))
        #expect(granted == [DeniedPhases.Change(phase: .groupOffsets, denial: nil, error: nil)])
        #expect(denied.update(with: Self.reports([.endOffsets: Self.topicDenied])).isEmpty)
        #expect(denied.current.keys.sorted { $0.rawValue < $1.rawValue } == [.endOffsets])
    }

    @Test("a phase that did not run, or failed for another reason, keeps its refusal")
    func skippedOrOtherFailureKeepsState() {
        var denied = DeniedPhases()
        let configsDenied = "1 topics failed, first audit: TOPIC_AUTHORIZATION_FAILED"
        #expect(denied.update(with: Self.reports([.topicConfigs: configsDenied])).count == 1)
        #expect(denied.update(with: Self.reports([:], skipping: [.topicConfigs])).isEmpty)
        #expect(denied.update(with: Self.reports([.topicConfigs: "_TIMED_OUT: no answer"])).isEmpty)
        #expect(denied.current[.topicConfigs]?.acl == "DescribeConfigs on Topic")
    }

    @Test("only known refusals explain a sample's failures")
    func explainsFailures() {
        var denied = DeniedPhases()
        let sample = Self.reports([.groupOffsets: Self.groupDenied])
        #expect(!denied.explainsAllFailures(of: sample))
        _ = denied.update(with: sample)
        #expect(denied.explainsAllFailures(of: sample))
        #expect(!denied.explainsAllFailures(of: Self.reports([.groupOffsets: Self.groupDenied, .cluster: "_TIMED_OUT: x"])))
    }
}
