/// Decodes `Decodable` values from a parsed frame. Small and copied freely: the document is a
/// shared reference, the decoder only an index into it.
struct CompactFrameDecoder: Decoder {
    let document: CompactFrameDocumentBox
    let index: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(document: CompactFrameDocument, index: Int) {
        self.init(box: CompactFrameDocumentBox(document), index: index)
    }

    init(box: CompactFrameDocumentBox, index: Int) {
        self.document = box
        self.index = index
    }

    private var entry: CompactFrameDocument.Entry { document.value.entries[index] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard entry.tag == .object else { throw mismatch("an object") }
        return KeyedDecodingContainer(KeyedContainer<Key>(document: document, index: index))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard entry.tag == .array else { throw mismatch("an array") }
        return UnkeyedContainer(document: document, index: index)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValue(document: document, index: index)
    }

    private func mismatch(_ expected: String) -> DecodingError {
        DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "expected \(expected), found \(entry.tag)"))
    }

    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let document: CompactFrameDocumentBox
        let index: Int
        var codingPath: [any CodingKey] { [] }

        /// The index of `key`'s value, found by walking the object's pairs: objects hold a handful
        /// of fields, fewer than a hash lookup would pay off for.
        private func valueIndex(_ key: Key) -> Int? {
            let document = self.document.value
            let name = key.stringValue
            var position = index + 1
            for _ in 0..<Int(document.entries[index].payload) {
                let keyEntry = document.entries[position]
                if keyEntry.tag == .string || keyEntry.tag == .stringReference, document.strings[Int(keyEntry.payload)] == name {
                    return position + 1
                }
                position = document.end(of: position + 1)
            }
            return nil
        }

        private func value(_ key: Key) throws -> SingleValue {
            guard let valueIndex = valueIndex(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no value for \(key.stringValue)"))
            }
            return SingleValue(document: document, index: valueIndex)
        }

        var allKeys: [Key] {
            let document = self.document.value
            var keys: [Key] = []
            var position = index + 1
            for _ in 0..<Int(document.entries[index].payload) {
                let keyEntry = document.entries[position]
                if keyEntry.tag == .string || keyEntry.tag == .stringReference, let key = Key(stringValue: document.strings[Int(keyEntry.payload)]) {
                    keys.append(key)
                }
                position = document.end(of: position + 1)
            }
            return keys
        }

        func contains(_ key: Key) -> Bool { valueIndex(key) != nil }

        func decodeNil(forKey key: Key) throws -> Bool { try value(key).decodeNil() }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(key).decode(type) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(key).decode(type) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(key).decode(type) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try value(key).decode(type) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(key).decode(type) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(key).decode(type) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(key).decode(type) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(key).decode(type) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(key).decode(type) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(key).decode(type) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(key).decode(type) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(key).decode(type) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(key).decode(type) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(key).decode(type) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(key).decode(type) }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let valueIndex = valueIndex(key) else { return nil }
            let value = SingleValue(document: document, index: valueIndex)
            return value.decodeNil() ? nil : try value.decode(type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try CompactFrameDecoder(box: document, index: value(key).index).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try CompactFrameDecoder(box: document, index: value(key).index).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            guard let superKey = Key(stringValue: "super") else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no super key"))
            }
            return try superDecoder(forKey: superKey)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            CompactFrameDecoder(box: document, index: try value(key).index)
        }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let document: CompactFrameDocumentBox
        let count: Int?
        private(set) var currentIndex = 0
        /// The entry of the next element.
        private var position: Int
        var codingPath: [any CodingKey] { [] }
        var isAtEnd: Bool { currentIndex >= (count ?? 0) }

        init(document: CompactFrameDocumentBox, index: Int) {
            self.document = document
            self.count = Int(document.value.entries[index].payload)
            self.position = index + 1
        }

        private mutating func next() throws -> SingleValue {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(Any.self, .init(codingPath: [], debugDescription: "past the end of an array"))
            }
            let value = SingleValue(document: document, index: position)
            position = document.value.end(of: position)
            currentIndex += 1
            return value
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, document.value.entries[position].tag == .null else { return false }
            _ = try next()
            return true
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decode(type) }
        mutating func decode(_ type: String.Type) throws -> String { try next().decode(type) }
        mutating func decode(_ type: Double.Type) throws -> Double { try next().decode(type) }
        mutating func decode(_ type: Float.Type) throws -> Float { try next().decode(type) }
        mutating func decode(_ type: Int.Type) throws -> Int { try next().decode(type) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decode(type) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decode(type) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decode(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decode(type) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decode(type) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decode(type) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decode(type) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decode(type) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decode(type) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try CompactFrameDecoder(box: document, index: next().index).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try CompactFrameDecoder(box: document, index: next().index).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            CompactFrameDecoder(box: document, index: try next().index)
        }
    }

    struct SingleValue: SingleValueDecodingContainer {
        let document: CompactFrameDocumentBox
        let index: Int
        var codingPath: [any CodingKey] { [] }

        private var entry: CompactFrameDocument.Entry { document.value.entries[index] }

        func decodeNil() -> Bool { entry.tag == .null }

        func decode(_ type: Bool.Type) throws -> Bool {
            switch entry.tag {
            case .trueValue: return true
            case .falseValue: return false
            default: throw mismatch(type)
            }
        }

        func decode(_ type: String.Type) throws -> String {
            let entry = self.entry
            guard entry.tag == .string || entry.tag == .stringReference else { throw mismatch(type) }
            return document.value.strings[Int(entry.payload)]
        }

        func decode(_ type: Double.Type) throws -> Double {
            let entry = self.entry
            switch entry.tag {
            case .double: return Double(bitPattern: UInt64(bitPattern: entry.payload))
            case .int: return Double(entry.payload)
            case .uint: return Double(UInt64(bitPattern: entry.payload))
            default: throw mismatch(type)
            }
        }

        func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

        /// Integers of every width, refusing a value the type cannot hold.
        private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            let entry = self.entry
            let value: T? =
                switch entry.tag {
                case .int: T(exactly: entry.payload)
                case .uint: T(exactly: UInt64(bitPattern: entry.payload))
                default: throw mismatch(type)
                }
            guard let value else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(entry.payload) does not fit \(type)"))
            }
            return value
        }

        func decode(_ type: Int.Type) throws -> Int { try integer(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try T(from: CompactFrameDecoder(box: document, index: index))
        }

        private func mismatch(_ type: Any.Type) -> DecodingError {
            DecodingError.typeMismatch(type, .init(codingPath: [], debugDescription: "expected \(type), found \(entry.tag)"))
        }
    }
}

/// The parsed document, shared by every decoder and container of one decoding.
final class CompactFrameDocumentBox {
    let value: CompactFrameDocument
    init(_ value: CompactFrameDocument) { self.value = value }
}
