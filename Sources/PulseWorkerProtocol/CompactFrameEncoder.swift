/// The bytes of one frame being encoded, shared by every container of the encoding.
final class CompactFrameWriter {
    var bytes: [UInt8] = []
    private var strings: [String: Int] = [:]

    func tag(_ tag: CompactFrame.Tag) {
        bytes.append(tag.rawValue)
    }

    func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    func int(_ value: Int64) {
        tag(.int)
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    func uint(_ value: UInt64) {
        if value <= UInt64(Int64.max) {
            int(Int64(value))
        } else {
            tag(.uint)
            varint(value)
        }
    }

    func double(_ value: Double) {
        tag(.double)
        var bits = value.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    func string(_ value: String) {
        if let index = strings[value] {
            tag(.stringReference)
            varint(UInt64(index))
            return
        }
        strings[value] = strings.count
        tag(.string)
        varint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// A container's tag and a count of 0 in a fixed 5-byte varint; returns where the count is.
    func openContainer(_ tag: CompactFrame.Tag) -> Int {
        self.tag(tag)
        let offset = bytes.count
        bytes.append(contentsOf: [0x80, 0x80, 0x80, 0x80, 0x00])
        return offset
    }

    /// Adds one to the count of the container whose count is at `offset`.
    func countOne(at offset: Int) {
        var count: UInt32 = 0
        for index in 0..<5 { count |= UInt32(bytes[offset + index] & 0x7F) << (7 * UInt32(index)) }
        count += 1
        for index in 0..<5 {
            let group = UInt8(truncatingIfNeeded: count >> (7 * UInt32(index))) & 0x7F
            bytes[offset + index] = index < 4 ? group | 0x80 : group
        }
    }
}

struct CompactFrameEncoder: Encoder {
    let writer: CompactFrameWriter
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(writer: writer, countOffset: writer.openContainer(.object)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(writer: writer, countOffset: writer.openContainer(.array))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValue(writer: writer)
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: CompactFrameWriter
        let countOffset: Int
        var codingPath: [any CodingKey] { [] }

        private func key(_ key: Key) {
            writer.countOne(at: countOffset)
            writer.string(key.stringValue)
        }

        mutating func encodeNil(forKey key: Key) throws {
            self.key(key)
            writer.tag(.null)
        }

        mutating func encode(_ value: Bool, forKey key: Key) throws {
            self.key(key)
            writer.tag(value ? .trueValue : .falseValue)
        }

        mutating func encode(_ value: String, forKey key: Key) throws {
            self.key(key)
            writer.string(value)
        }

        mutating func encode(_ value: Double, forKey key: Key) throws {
            self.key(key)
            writer.double(value)
        }

        mutating func encode(_ value: Float, forKey key: Key) throws {
            self.key(key)
            writer.double(Double(value))
        }

        mutating func encode(_ value: Int, forKey key: Key) throws {
            self.key(key)
            writer.int(Int64(value))
        }

        mutating func encode(_ value: Int8, forKey key: Key) throws { try encode(Int(value), forKey: key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try encode(Int(value), forKey: key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try encode(Int(value), forKey: key) }

        mutating func encode(_ value: Int64, forKey key: Key) throws {
            self.key(key)
            writer.int(value)
        }

        mutating func encode(_ value: UInt, forKey key: Key) throws { try encode(UInt64(value), forKey: key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try encode(UInt64(value), forKey: key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try encode(UInt64(value), forKey: key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try encode(UInt64(value), forKey: key) }

        mutating func encode(_ value: UInt64, forKey key: Key) throws {
            self.key(key)
            writer.uint(value)
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            self.key(key)
            try value.encode(to: CompactFrameEncoder(writer: writer))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            self.key(key)
            return CompactFrameEncoder(writer: writer).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            self.key(key)
            return CompactFrameEncoder(writer: writer).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            writer.countOne(at: countOffset)
            writer.string("super")
            return CompactFrameEncoder(writer: writer)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            self.key(key)
            return CompactFrameEncoder(writer: writer)
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let writer: CompactFrameWriter
        let countOffset: Int
        private(set) var count = 0
        var codingPath: [any CodingKey] { [] }

        init(writer: CompactFrameWriter, countOffset: Int) {
            self.writer = writer
            self.countOffset = countOffset
        }

        private mutating func element() {
            writer.countOne(at: countOffset)
            count += 1
        }

        mutating func encodeNil() throws {
            element()
            writer.tag(.null)
        }

        mutating func encode(_ value: Bool) throws {
            element()
            writer.tag(value ? .trueValue : .falseValue)
        }

        mutating func encode(_ value: String) throws {
            element()
            writer.string(value)
        }

        mutating func encode(_ value: Double) throws {
            element()
            writer.double(value)
        }

        mutating func encode(_ value: Float) throws { try encode(Double(value)) }

        mutating func encode(_ value: Int) throws {
            element()
            writer.int(Int64(value))
        }

        mutating func encode(_ value: Int8) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int16) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int32) throws { try encode(Int(value)) }

        mutating func encode(_ value: Int64) throws {
            element()
            writer.int(value)
        }

        mutating func encode(_ value: UInt) throws { try encode(UInt64(value)) }
        mutating func encode(_ value: UInt8) throws { try encode(UInt64(value)) }
        mutating func encode(_ value: UInt16) throws { try encode(UInt64(value)) }
        mutating func encode(_ value: UInt32) throws { try encode(UInt64(value)) }

        mutating func encode(_ value: UInt64) throws {
            element()
            writer.uint(value)
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            element()
            try value.encode(to: CompactFrameEncoder(writer: writer))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            element()
            return CompactFrameEncoder(writer: writer).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            element()
            return CompactFrameEncoder(writer: writer).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            element()
            return CompactFrameEncoder(writer: writer)
        }
    }

    struct SingleValue: SingleValueEncodingContainer {
        let writer: CompactFrameWriter
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { writer.tag(.null) }
        mutating func encode(_ value: Bool) throws { writer.tag(value ? .trueValue : .falseValue) }
        mutating func encode(_ value: String) throws { writer.string(value) }
        mutating func encode(_ value: Double) throws { writer.double(value) }
        mutating func encode(_ value: Float) throws { writer.double(Double(value)) }
        mutating func encode(_ value: Int) throws { writer.int(Int64(value)) }
        mutating func encode(_ value: Int8) throws { writer.int(Int64(value)) }
        mutating func encode(_ value: Int16) throws { writer.int(Int64(value)) }
        mutating func encode(_ value: Int32) throws { writer.int(Int64(value)) }
        mutating func encode(_ value: Int64) throws { writer.int(value) }
        mutating func encode(_ value: UInt) throws { writer.uint(UInt64(value)) }
        mutating func encode(_ value: UInt8) throws { writer.uint(UInt64(value)) }
        mutating func encode(_ value: UInt16) throws { writer.uint(UInt64(value)) }
        mutating func encode(_ value: UInt32) throws { writer.uint(UInt64(value)) }
        mutating func encode(_ value: UInt64) throws { writer.uint(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: CompactFrameEncoder(writer: writer)) }
    }
}
