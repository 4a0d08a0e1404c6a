import Foundation
import PulseAlerting
import Testing

@testable import PulseAlertmanager

@Suite("Alertmanager JSON payload")
struct AlertmanagerPayloadTests {
    @Test("alerts encode as postableAlerts with RFC 3339 UTC times")
    func encodes() throws {
        let alert = Alert(
            labels: ["alertname": "A", "consumergroup": "g"], annotations: ["summary": "s"], startsAt: 1_732_650_000.25,
            endsAt: 1_732_650_240, generatorURL: "http://x:9308/")
        let json = try #require(String(data: try AlertmanagerPayload.encode([alert]), encoding: .utf8))
        #expect(json.contains(#""startsAt":"2024-11-26T19:40:00.250Z""#))
        #expect(json.contains(#""endsAt":"2024-11-26T19:44:00.000Z""#))
        #expect(json.contains(#""generatorURL":"http:\/\/x:9308\/""#))
        #expect(json.hasPrefix("[{"))
    }
}
