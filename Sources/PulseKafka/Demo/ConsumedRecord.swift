/// One record a simulated service consumed; the shop only needs where it came from and its key.
struct ConsumedRecord: Sendable {
    var partition: Int32
    var offset: Int64
    var key: String
}
