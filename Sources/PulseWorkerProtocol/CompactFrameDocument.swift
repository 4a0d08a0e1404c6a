/// A frame payload parsed once into a flat list of entries in document order, as JSON decoders
/// keep a map of the text: decoding then only walks indices. A container's entry says how many
/// elements it has and where its last descendant ends, so that a decoder skips a field it does
/// not read without parsing it again.
struct CompactFrameDocument {
    struct Entry {
        var tag: CompactFrame.Tag
        /// int: the value; uint and double: the bit pattern; string: the string table index;
        /// array: the element count; object: the pair count.
        var payload: Int64
        /// The index after this entry's last descendant (containers; others: index + 1).
        var end: Int32
    }

    private(set) var entries: [Entry] = []
    private(set) var strings: [String] = []

    /// A frame holds at most this many values: far beyond the largest sample (about 400,000 at
    /// 10,000 partitions and 1,000 groups), and small enough that `Int32` indexes every entry.
    static let maximumEntries = 50_000_000

    init(parsing bytes: [UInt8], from start: Int) throws {
        var reader = ByteReader(bytes: bytes, position: start)
        // Open containers: their entry index and the values still to read.
        var open: [(entry: Int, remaining: Int)] = []
        repeat {
            guard entries.count < Self.maximumEntries else { throw reader.corrupt("more than \(Self.maximumEntries) values") }
            let index = entries.count
            guard let tag = CompactFrame.Tag(rawValue: try reader.byte()) else { throw reader.corrupt("unknown tag") }
            var entry = Entry(tag: tag, payload: 0, end: Int32(index + 1))
            var children = 0
            switch tag {
            case .null, .falseValue, .trueValue:
                break
            case .int:
                let zigzag = try reader.varint()
                entry.payload = Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
            case .uint:
                entry.payload = Int64(bitPattern: try reader.varint())
            case .double:
                entry.payload = Int64(bitPattern: try reader.fixed64())
            case .string:
                let length = try reader.count()
                strings.append(String(decoding: try reader.take(length), as: UTF8.self))
                entry.payload = Int64(strings.count - 1)
            case .stringReference:
                let reference = try reader.varint()
                guard reference < UInt64(strings.count) else { throw reader.corrupt("string reference \(reference) before its string") }
                entry.payload = Int64(reference)
            case .array:
                children = try reader.count()
                entry.payload = Int64(children)
            case .object:
                // Every pair is at least two bytes.
                let pairs = try reader.count()
                entry.payload = Int64(pairs)
                children = pairs * 2
            }
            entries.append(entry)
            if children > 0 {
                open.append((index, children))
                continue
            }
            // This value ends every container whose last value it was.
            while let last = open.last {
                if last.remaining > 1 {
                    open[open.count - 1].remaining -= 1
                    break
                }
                entries[last.entry].end = Int32(entries.count)
                open.removeLast()
            }
        } while !open.isEmpty
        guard reader.position == bytes.count else { throw reader.corrupt("\(bytes.count - reader.position) bytes after the value") }
    }

    func end(of index: Int) -> Int { Int(entries[index].end) }
}

/// Reads the payload's bytes; every read checks that the bytes are there.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw corrupt("the frame ends inside a value") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            let byte = try byte()
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte < 0x80 { return value }
        }
        throw corrupt("a number longer than ten bytes")
    }

    /// A length or element count: each element takes at least one byte, so a count larger than
    /// the bytes left is corrupt (and must not size an allocation).
    mutating func count() throws -> Int {
        let value = try varint()
        guard value <= UInt64(bytes.count - position) else { throw corrupt("a count of \(value) with \(bytes.count - position) bytes left") }
        return Int(value)
    }

    mutating func fixed64() throws -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(try byte()) << UInt64(shift) }
        return value
    }

    mutating func take(_ length: Int) throws -> ArraySlice<UInt8> {
        guard length <= bytes.count - position else { throw corrupt("the frame ends inside a string") }
        defer { position += length }
        return bytes[position..<(position + length)]
    }

    func corrupt(_ problem: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "corrupt worker frame at byte \(position): \(problem)"))
    }
}
