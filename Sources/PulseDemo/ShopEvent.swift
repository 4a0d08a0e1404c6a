import FoundationEssentials

/// One business event as the shop publishes it: a small JSON object with a fresh event id.
struct ShopEvent: Sendable {
    var type: String
    /// Numeric fields in output order (ids, amounts, counts).
    var fields: [(name: String, value: Int)]

    /// Field names are fixed ASCII literals and values are numbers, so no escaping is needed.
    var json: String {
        var text = "{\"event_id\":\"\(UUID().uuidString.lowercased())\",\"type\":\"\(type)\""
        for field in fields {
            text += ",\"\(field.name)\":\(field.value)"
        }
        text += ",\"at_ms\":\(Int(Date().timeIntervalSince1970 * 1000))}"
        return text
    }

    /// The event id of a payload written by `json`; nil for anything else.
    static func eventID(in payload: String) -> String? {
        let marker = "\"event_id\":\""
        guard let start = payload.firstRange(of: marker)?.upperBound,
            let end = payload[start...].firstIndex(of: "\"")
        else { return nil }
        return String(payload[start..<end])
    }
}
