import PulseCore
import Testing

@testable import PulseExposition

@Suite("promtool lint")
struct PromtoolLintTests {
    @Test("promtool accepts the full page with no findings")
    func fullPagePassesPromtool() throws {
        try expectClean(ExpositionRenderer.render(FixtureSnapshot.full))
    }

    @Test("promtool accepts the page published before the first sample")
    func emptyPagePassesPromtool() throws {
        try expectClean(ExpositionRenderer.render(FixtureSnapshot.empty))
    }

    private func expectClean(_ page: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let promtool = try Promtool.locate(sourceLocation: sourceLocation) else { return }
        let result = try Promtool.checkMetrics(page, executable: promtool)
        #expect(result.output.isEmpty, "promtool findings: \(result.output)", sourceLocation: sourceLocation)
        #expect(result.status == 0, "promtool output: \(result.output)", sourceLocation: sourceLocation)
    }
}

@Suite("promtool harness")
struct PromtoolHarnessTests {
    /// Guards the lint tests against passing vacuously (promtool not reading the page, say).
    @Test("the promtool harness reports a malformed page")
    func harnessReportsMalformedPage() throws {
        guard let promtool = try Promtool.locate() else { return }
        let result = try Promtool.checkMetrics(Array("broken_metric{label=\"x\" 1\n".utf8), executable: promtool)
        #expect(result.status != 0)
        #expect(!result.output.isEmpty)
    }
}
