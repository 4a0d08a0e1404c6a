/// The payload format of worker frames: a compact binary form of any `Codable` value.
///
/// Written by hand rather than taken from a library: JSON cost the exporter 209 ms and 439,000
/// allocations to decode one 10,000-partition sample (BENCHMARKS.md, "Decode worker frame"), and
/// the binary formats on hand (swift-protobuf) need generated types and bring all of Foundation into
/// the worker, which runs on FoundationEssentials. Both ends are built from the same sources and
/// shipped together, so the format needs no schema; its version byte refuses a mismatched worker.
///
/// A value is a tag byte and its body:
/// - `null`, `false`, `true`: no body;
/// - `int`: a zigzag varint; `uint`: a varint (values above `Int64.max` only);
/// - `double`: 8 bytes, the IEEE 754 bit pattern, little-endian;
/// - `string`: a varint byte count and UTF-8; every string (keys and values) gets the next index
///   of the frame's string table, and `stringReference` (a varint index) repeats it, so a topic
///   name that appears once per partition is sent and allocated once;
/// - `array`: a varint count, then the elements;
/// - `object`: a varint count, then that many key (a string value) and value pairs.
///
/// Containers' counts are written as 5-byte varints, patched as elements are added, because
/// `Encodable` says when a container starts, never when it ends.
public enum CompactFrame {
    static let magic: [UInt8] = [0x4B, 0x50, 0x46]  // "KPF"
    static let version: UInt8 = 1

    enum Tag: UInt8 {
        case null = 0, falseValue = 1, trueValue = 2, int = 3, uint = 4, double = 5, string = 6, stringReference = 7, array = 8, object = 9
    }

    /// `value` as a frame payload.
    public static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let writer = CompactFrameWriter()
        writer.bytes = magic + [version]
        try value.encode(to: CompactFrameEncoder(writer: writer))
        return writer.bytes
    }

    /// A frame payload as `type`; any malformed input is a `DecodingError`, never a crash.
    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        guard bytes.count > magic.count, Array(bytes.prefix(magic.count)) == magic else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a kafka-pulse worker frame"))
        }
        guard bytes[magic.count] == version else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: [],
                    debugDescription: "worker frame format \(bytes[magic.count]), this exporter reads \(version): the worker is from another build"))
        }
        let document = try CompactFrameDocument(parsing: bytes, from: magic.count + 1)
        return try Value(from: CompactFrameDecoder(document: document, index: 0))
    }
}
