import PulseConfig
import Testing

/// Random and mutated config files: the loader must answer "valid" or a one-line error naming a key or
/// the YAML position, never crash or hang. Seeded, so a failure replays.
@Suite("Config file: fuzz")
struct ConfigFuzzTests {
    static let seeds: [String] = [
        """
        kafka:
          server: [a:9092, "b:9092"]
          request-timeout: 3s
        sample.interval: 30s
        group.filter: '^(orders|billing)-.*'
        group.partition-series: false
        demo: false
        sasl.password: ${PASS}
        librdkafka:
          security.protocol: SASL_SSL
          ssl: {ca.location: /etc/ca.pem}
        """,
        "sample: {interval: 10s}\nweb.listen-address: ':9308'\n",
        "kafka.server:\n  - a:1\n  - b:2\nkafka.property:\n  - x=1\n",
        "base: &b 10s\nsample.interval: *b\n",
    ]
    static let fragments = [
        ":", " ", "\n", "\t", "-", "- ", "[", "]", "{", "}", ",", "#", "&a", "*a", "!", "!!str ", "|", ">", "'", "\"", "%", "@",
        "`", "?", "${", "}", "${PASS}", "${NOPE}", "$$", "\u{0}", "\u{7}", "é", "🙂", "~", "null", "true", "no", "0x1F", "1e9",
        "sample", "interval", "kafka.server", "demo", "librdkafka", "---\n", "...\n", "  ", "\r\n", "\\", "<<: *b\n",
    ]

    @Test("thousands of random and mutated files: valid or a clear one-line error")
    func fuzz() {
        var random = SplitMix64(seed: 0x6b61_666b_6170_756c)
        var outcomes = (valid: 0, errors: 0)
        for case_ in 0..<4_000 {
            let yaml = Self.makeCase(&random, index: case_)
            do {
                let settings = try TestSchema.read(yaml, environment: ["PASS": "pw"])
                for token in LayeredSettings(file: settings, environment: [], commandLineKeys: []).tokens {
                    let name = String(token.dropFirst(2).prefix { $0 != "=" }).replacingNoPrefix()
                    #expect(TestSchema.schema.keys[name] != nil, "token \(token) for an unknown key, case \(case_)")
                }
                outcomes.valid += 1
            } catch {
                outcomes.errors += 1
                #expect(Self.isClear(error), "case \(case_): \(error.message)\n--- input ---\n\(yaml)")
            }
        }
        // Both outcomes occur, or the generator is not exercising the loader.
        #expect(outcomes.valid > 100)
        #expect(outcomes.errors > 100)
    }

    /// One line, about the config file, with a line number or byte offset (the YAML position).
    static func isClear(_ error: ConfigError) -> Bool {
        let message = error.message
        guard !message.contains("\n"), message.hasPrefix("config file test.yaml") else { return false }
        return message.contains(" line ") || message.contains(" at byte ") || error.key != nil
    }

    static func makeCase(_ random: inout SplitMix64, index: Int) -> String {
        if index % 10 == 0 { return randomText(&random, length: Int(random.next() % 200)) }
        var text = seeds[Int(random.next() % UInt64(seeds.count))]
        for _ in 0..<(1 + Int(random.next() % 4)) {
            text = mutate(text, &random)
        }
        return text
    }

    static func mutate(_ text: String, _ random: inout SplitMix64) -> String {
        var characters = Array(text)
        let position = characters.isEmpty ? 0 : Int(random.next() % UInt64(characters.count + 1))
        switch random.next() % 6 {
        case 0:  // delete a run
            let end = min(characters.count, position + 1 + Int(random.next() % 8))
            if position < end { characters.removeSubrange(position..<end) }
        case 1:  // insert a fragment
            characters.insert(contentsOf: fragments[Int(random.next() % UInt64(fragments.count))], at: position)
        case 2:  // duplicate a line (duplicate keys)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if let line = lines.randomElement(using: &random) { lines.insert(line, at: Int(random.next() % UInt64(lines.count + 1))) }
            return lines.joined(separator: "\n")
        case 3:  // re-indent a line
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if !lines.isEmpty {
                let which = Int(random.next() % UInt64(lines.count))
                lines[which] = String(repeating: " ", count: Int(random.next() % 5)) + lines[which].drop { $0 == " " }
            }
            return lines.joined(separator: "\n")
        case 4:  // replace a value with another shape
            let shapes = ["[1, 2]", "{a: b}", "true", "", "~", "'x'", "- a", "${NOPE}", "&x y", "*x"]
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let which = lines.isEmpty ? 0 : Int(random.next() % UInt64(lines.count))
            if which < lines.count, let colon = lines[which].firstIndex(of: ":") {
                lines[which] = String(lines[which][...colon]) + " " + shapes[Int(random.next() % UInt64(shapes.count))]
            }
            return lines.joined(separator: "\n")
        default:  // flip a byte-ish: replace one character with a random one
            if position < characters.count { characters[position] = randomCharacter(&random) }
        }
        return String(characters)
    }

    static func randomText(_ random: inout SplitMix64, length: Int) -> String {
        var text = ""
        for _ in 0..<length {
            text += random.next() % 3 == 0 ? fragments[Int(random.next() % UInt64(fragments.count))] : String(randomCharacter(&random))
        }
        return text
    }

    static func randomCharacter(_ random: inout SplitMix64) -> Character {
        let scalar = Unicode.Scalar(UInt32(random.next() % 0x250)) ?? "x"
        return Character(scalar)
    }
}

/// A small seeded generator (SplitMix64): the standard library's is not seedable.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    /// `no-x` -> `x`: an inverted flag's token names the same key.
    func replacingNoPrefix() -> String { hasPrefix("no-") ? String(dropFirst(3)) : self }
}
