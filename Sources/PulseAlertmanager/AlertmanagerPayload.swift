import Foundation
import PulseAlerting

/// The JSON body of `POST /api/v2/alerts` (Alertmanager's `postableAlerts`).
enum AlertmanagerPayload {
    private struct PostableAlert: Encodable {
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String
        var generatorURL: String
    }

    static func encode(_ alerts: [Alert]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(
            alerts.map {
                PostableAlert(
                    labels: $0.labels, annotations: $0.annotations, startsAt: rfc3339($0.startsAt), endsAt: rfc3339($0.endsAt),
                    generatorURL: $0.generatorURL)
            })
    }

    /// RFC 3339 in UTC with milliseconds, as Alertmanager's Go time parser reads it.
    static func rfc3339(_ unixSeconds: Double) -> String {
        Date(timeIntervalSince1970: unixSeconds).formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC") ?? .current))
    }
}
