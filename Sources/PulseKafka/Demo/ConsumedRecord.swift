/// One record a demo consumer read: where it came from, its key and its payload as text.
public struct ConsumedRecord: Sendable {
    public var partition: Int32
    public var offset: Int64
    public var key: String
    public var payload: String
}
