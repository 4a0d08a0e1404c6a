import Hummingbird
import HummingbirdTesting
import PulseCore
import PulseExposition
import Testing

@testable import PulseHTTP

/// Issue 21: the `/` page gives times a person reads (ISO 8601 UTC and the age) and never claims
/// data that /metrics does not have.
@Suite("Index page: times and what it claims")
struct IndexPageTimesTests {
    /// 2026-12-06T07:12:03Z
    static let success = 1_796_541_123.0

    static func page(up: Bool?, hadData: Bool = false, lastSuccess: Double?, now: Double) -> IndexPage {
        IndexPage(
            version: "t", telemetryPath: "/metrics",
            clusters: [.init(clusterID: "c", brokerCount: 1, up: up, lastSampleHadData: hadData, lastSuccessUnixSeconds: lastSuccess)],
            now: now)
    }

    @Test("the last success is shown in ISO 8601 UTC with its age")
    func lastSuccessIsReadable() {
        let html = Self.page(up: true, hadData: true, lastSuccess: Self.success, now: Self.success + 14.6).html
        #expect(html.contains("Last successful sample: 2026-12-06T07:12:03Z (14 s ago)"))
        #expect(!html.contains("unix time"))
    }

    @Test("failing after a success says which data is served, from when")
    func failingAfterSuccessNamesTheServedData() {
        let page = Self.page(up: false, lastSuccess: Self.success, now: Self.success + 185)
        #expect(page.clusters[0].status(now: page.now) == "failing: /metrics still serves the last good sample's data, from 2026-12-06T07:12:03Z (3 min 5 s ago)")
    }

    @Test("failing before any success claims no good data")
    func failingBeforeAnySuccessClaimsNothing() {
        let html = Self.page(up: false, lastSuccess: nil, now: Self.success).html
        #expect(!html.contains("still serve"))
        #expect(html.contains("no sample has read the cluster yet"))
        #expect(html.contains("Last successful sample: never"))
    }

    @Test("a partial sample is called incomplete, not failing")
    func partialSampleIsIncomplete() {
        let page = Self.page(up: false, hadData: true, lastSuccess: Self.success, now: Self.success + 2)
        #expect(page.clusters[0].status(now: page.now).hasPrefix("incomplete:"))
    }

    @Test(
        "ages read in the two largest units",
        arguments: [
            (0.0, "0 s"), (59.9, "59 s"), (60, "1 min 0 s"), (3_725, "1 h 2 min"), (90_061, "1 d 1 h"), (-5, "0 s"), (.nan, "0 s"),
        ])
    func ages(seconds: Double, text: String) {
        #expect(ReadableTime.age(seconds) == text)
    }

    @Test("/ after a first sample that failed claims no good data")
    func routeAfterFailedFirstSample() async throws {
        var builder = SnapshotBuilder(build: BuildInfo(version: "t", librdkafkaVersion: "2.14.2"))
        let snapshot = builder.record(
            .failure(WorkerFailure(.timedOut, "no answer")), durationSeconds: 1, finishedAtUnixSeconds: Self.success,
            workerRestartsTotal: 0)
        let page = RenderedPage(snapshot: snapshot, generatedAt: .now, lastSuccessAt: nil)
        let routes = MetricsRoutes(source: FixedSource(page: page), options: .init(telemetryPath: "/metrics", staleAfter: .seconds(30), version: "t"))
        try await Application(router: routes.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Last sample: failing: no sample has read the cluster yet"))
                #expect(!html.contains("still serve"))
            }
        }
    }
}
