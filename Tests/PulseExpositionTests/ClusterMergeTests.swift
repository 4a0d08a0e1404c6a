import NIOCore
import PulseCore
import Testing

@testable import PulseExposition

/// Issue 18: several clusters in one process serve one page, each family named once.
@Suite("Merging the pages of several clusters")
struct ClusterMergeTests {
    static func page(_ snapshot: ClusterSnapshot, cluster: String) throws -> RenderedPage {
        var scratch: [UInt8] = []
        return RenderedPage(
            snapshot: snapshot, generatedAt: .now, lastSuccessAt: .now, constantLabels: try ConstantLabels([("cluster", cluster)]),
            scratch: &scratch)
    }

    static func lines(_ page: RenderedPage) -> [Substring] {
        String(buffer: page.body).split(separator: "\n")
    }

    @Test("each family's HELP and TYPE appear once, followed by every cluster's series")
    func familiesNamedOnceWithEverySeries() throws {
        let east = try Self.page(FixtureSnapshot.full, cluster: "east")
        let west = try Self.page(FixtureSnapshot.full, cluster: "west")
        let merged = try #require(RenderedPage.merging([east, west]))
        let lines = Self.lines(merged)
        let helps = lines.filter { $0.hasPrefix("# HELP ") }
        #expect(helps.count == Set(helps).count)
        #expect(helps.count == east.families.count)
        let series = lines.filter { !$0.hasPrefix("#") }
        #expect(series.count == Self.lines(east).filter { !$0.hasPrefix("#") }.count * 2)
        // Within a family the series of the first cluster come first, then the second's.
        let lag = series.filter { $0.hasPrefix("kafka_consumergroup_lag{") }
        let firstWest = try #require(lag.firstIndex { $0.contains("cluster=\"west\"") })
        #expect(!lag.isEmpty && lag[..<firstWest].allSatisfy { $0.contains("cluster=\"east\"") })
        #expect(lag[firstWest...].allSatisfy { $0.contains("cluster=\"west\"") })
    }

    @Test("a family only one cluster has is kept, in name order")
    func familyOfOneClusterKept() throws {
        let full = try Self.page(FixtureSnapshot.full, cluster: "full")
        let empty = try Self.page(FixtureSnapshot.empty, cluster: "empty")
        let merged = try #require(RenderedPage.merging([empty, full]))
        #expect(merged.families.map(\.name) == full.families.map(\.name))
        #expect(merged.families.map(\.name) == merged.families.map(\.name).sorted())
        let text = String(buffer: merged.body)
        #expect(text.contains("kafka_pulse_up{cluster=\"empty\"}"))
        #expect(text.contains("kafka_pulse_up{cluster=\"full\"}"))
    }

    @Test("the merged page passes promtool")
    func mergedPagePassesPromtool() throws {
        let merged = try #require(
            RenderedPage.merging([try Self.page(FixtureSnapshot.full, cluster: "a"), try Self.page(FixtureSnapshot.empty, cluster: "b")]))
        guard let promtool = try Promtool.locate() else { return }
        let result = try Promtool.checkMetrics(Array(buffer: merged.body), executable: promtool)
        #expect(result.output.isEmpty, "promtool findings: \(result.output)")
        #expect(result.status == 0)
    }

    @Test("the spans of a rendered page cover the whole body, header then series")
    func spansCoverTheBody() throws {
        let page = try Self.page(FixtureSnapshot.full, cluster: "a")
        var offset = 0
        for span in page.families {
            #expect(span.header.lowerBound == offset && span.series.lowerBound == span.header.upperBound)
            offset = span.series.upperBound
        }
        #expect(offset == page.body.readableBytes)
    }

    @Test("one page is served as it is; the merged page is up only when every cluster is")
    func singlePageUnchangedAndUpIsConjunction() throws {
        let one = try Self.page(FixtureSnapshot.full, cluster: "a")
        #expect(RenderedPage.merging([one]) === one)
        #expect(RenderedPage.merging([]) == nil)
        let failed = try Self.page(FixtureSnapshot.empty, cluster: "b")
        let merged = try #require(RenderedPage.merging([one, failed]))
        #expect(merged.up == (one.up && failed.up))
        #expect(merged.gzipBody != nil)
    }
}
