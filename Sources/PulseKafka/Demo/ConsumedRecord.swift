/// One record a simulated service consumed: where it came from, its key, and the event id its
/// JSON payload carries (nil when the payload has none), which makes processing idempotent.
struct ConsumedRecord: Sendable {
    var partition: Int32
    var offset: Int64
    var key: String
    var eventID: String?
}
