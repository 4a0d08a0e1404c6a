import PulseCore
import Testing

@Suite("Lag forecasts: catch-up time and retention margin")
struct LagForecastTests {
    @Test("catch-up time is lag over the net drain rate; 0 without lag; nil when not draining")
    func catchUp() {
        #expect(LagForecast.catchUpSeconds(lag: 600, consumeRate: 30, produceRate: 10) == 30)
        #expect(LagForecast.catchUpSeconds(lag: 0, consumeRate: 0, produceRate: 50) == 0)
        #expect(LagForecast.catchUpSeconds(lag: 600, consumeRate: 10, produceRate: 10) == nil)
        #expect(LagForecast.catchUpSeconds(lag: 600, consumeRate: 5, produceRate: 10) == nil)
        #expect(LagForecast.catchUpSeconds(lag: 600, consumeRate: .infinity, produceRate: 10) == nil)
    }

    @Test("retention margin is retention minus lag in seconds, negative when overdue, nil when either is unknown")
    func retentionMargin() {
        #expect(LagForecast.retentionMarginSeconds(retentionSeconds: 3_600, lagSeconds: 600) == 3_000)
        #expect(LagForecast.retentionMarginSeconds(retentionSeconds: 3_600, lagSeconds: 4_000) == -400)
        #expect(LagForecast.retentionMarginSeconds(retentionSeconds: nil, lagSeconds: 600) == nil)
        #expect(LagForecast.retentionMarginSeconds(retentionSeconds: 3_600, lagSeconds: nil) == nil)
    }

    @Test("time retention counts only when retention deletes by time")
    func deletionAfterSeconds() {
        #expect(TopicConfig(retentionMilliseconds: 60_000).deletionAfterSeconds == 60)
        #expect(TopicConfig(retentionMilliseconds: 60_000, cleanupPolicy: "compact,delete").deletionAfterSeconds == 60)
        #expect(TopicConfig(retentionMilliseconds: 60_000, cleanupPolicy: "compact").deletionAfterSeconds == nil)
        #expect(TopicConfig(retentionMilliseconds: nil, cleanupPolicy: "delete").deletionAfterSeconds == nil)
    }
}
