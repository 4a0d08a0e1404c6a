import PulseAlerting
import PulseCore
import Testing

@Suite("Alert conditions and their PromQL shape")
struct AlertConditionTests {
    @Test("a condition reads its number or window back from an expression of its shape")
    func readsParameter() {
        let lag = AlertCondition(.groupTopicLagSecondsAbove, 300)
        #expect(lag.expression == "kafka_consumergroup_max_lag_seconds > 300")
        #expect(lag.reading("kafka_consumergroup_max_lag_seconds  >  2.5")?.parameter == 2.5)
        let brokers = AlertCondition(.brokersBelowMaxWithin, 21_600)
        #expect(brokers.expression == "kafka_brokers < max_over_time(kafka_brokers[6h])")
        #expect(brokers.reading("kafka_brokers < max_over_time(kafka_brokers[90s])")?.parameter == 90)
    }

    @Test("an expression of another shape is refused, not half-read")
    func refusesOtherShapes() {
        let lag = AlertCondition(.groupTopicLagSecondsAbove, 300)
        #expect(lag.reading("kafka_consumergroup_max_lag_seconds{consumergroup!~\"batch\"} > 300") == nil)
        #expect(lag.reading("kafka_consumergroup_max_lag_seconds > 5m") == nil)
        #expect(AlertCondition(.groupStatus(.stall)).reading("kafka_consumergroup_status{status=\"stall\"} == 1") != nil)
        #expect(AlertCondition(.groupStatus(.stall)).reading("kafka_consumergroup_status{status=\"stop\"} == 1") == nil)
    }

    @Test("Prometheus durations parse and print in their shortest form", arguments: [
        ("5m", 300.0), ("1h30m", 5_400), ("500ms", 0.5), ("6h", 21_600), ("15m", 900), ("0s", 0),
    ])
    func durations(text: String, seconds: Double) {
        #expect(PromDuration.parse(text) == seconds)
        #expect(PromDuration.format(seconds) == text)
    }

    @Test("malformed durations are refused", arguments: ["", "5", "m", "5x", "-5m", "5m3"])
    func badDurations(text: String) {
        #expect(PromDuration.parse(text) == nil)
    }
}
