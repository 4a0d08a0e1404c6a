import Foundation
import PulseCore
import Testing

@testable import PulseExposition

@Suite("Golden exposition")
struct GoldenExpositionTests {
    /// Byte-for-byte comparison with `Fixtures/full-snapshot.prom`. Run with `UPDATE_GOLDEN=1` to
    /// rewrite the fixture after an intended change, then read the diff before committing it.
    @Test("full snapshot renders exactly as the golden file")
    func fullSnapshotMatchesGoldenFile() throws {
        let rendered = ExpositionRenderer.render(FixtureSnapshot.full)
        let name = "full-snapshot.prom"

        if Fixtures.updating {
            try Data(rendered).write(to: Fixtures.sourceURL(name))
            return
        }

        let url = try #require(Fixtures.bundledURL(name), "missing fixture; run with UPDATE_GOLDEN=1")
        let golden = try [UInt8](Data(contentsOf: url))
        guard rendered != golden else { return }
        // On mismatch, point at the first differing line rather than dumping two pages.
        let renderedLines = rendered.lines
        let goldenLines = golden.lines
        let firstDifference =
            (0..<max(renderedLines.count, goldenLines.count)).first { index in
                index >= renderedLines.count || index >= goldenLines.count
                    || renderedLines[index] != goldenLines[index]
            } ?? 0
        Issue.record(
            """
            rendered page differs from \(name) at line \(firstDifference + 1) \
            (rerun with UPDATE_GOLDEN=1 if the change is intended)
            rendered: \(firstDifference < renderedLines.count ? String(renderedLines[firstDifference]) : "<end>")
            golden:   \(firstDifference < goldenLines.count ? String(goldenLines[firstDifference]) : "<end>")
            """)
    }
}
