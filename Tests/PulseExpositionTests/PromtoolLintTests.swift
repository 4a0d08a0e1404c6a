import PulseCore
import Testing

@testable import PulseExposition

@Suite("promtool lint")
struct PromtoolLintTests {
    /// promtool's lint rejects `_sum` on anything but histograms and summaries, but these two names
    /// are kafka_exporter's and dashboards query them; keeping them is deliberate. Any other
    /// finding, and any parse error, fails the test.
    static let acceptedFindings: Set<String> = [
        #"kafka_consumergroup_current_offset_sum non-histogram and non-summary metrics should not have "_sum" suffix"#,
        #"kafka_consumergroup_lag_sum non-histogram and non-summary metrics should not have "_sum" suffix"#,
    ]

    @Test("promtool accepts the full page with no findings beyond the kafka_exporter _sum names")
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
        let findings = result.output.split(separator: "\n").map(String.init)
        let unexpected = findings.filter { !Self.acceptedFindings.contains($0) }
        #expect(unexpected.isEmpty, "promtool findings: \(unexpected)", sourceLocation: sourceLocation)
        // promtool exits 3 for lint findings only, 1 when the page does not parse.
        let expectedStatus: Int32 = findings.isEmpty ? 0 : 3
        #expect(result.status == expectedStatus, "promtool output: \(result.output)", sourceLocation: sourceLocation)
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
