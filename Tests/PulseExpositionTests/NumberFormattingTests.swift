import Testing

@testable import PulseExposition

@Suite("Number formatting")
struct NumberFormattingTests {
    @Test(
        "integers are written as plain decimal digits",
        arguments: [
            (Int64(0), "0"), (7, "7"), (-7, "-7"), (10, "10"), (1_234_567_890, "1234567890"),
            (.max, "9223372036854775807"), (.min, "-9223372036854775808"),
        ])
    func integer(value: Int64, expected: String) {
        var writer = ExpositionWriter()
        writer.appendInteger(value)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
    }

    @Test(
        "doubles use Prometheus' spellings: +Inf, -Inf, NaN, whole numbers without .0",
        arguments: [
            (0.0, "0"), (-0.0, "0"), (123.0, "123"), (-42.0, "-42"), (1e15, "1000000000000000"),
            (9_007_199_254_740_992.0, "9007199254740992"), (1e16, "1e+16"), (0.0123, "0.0123"),
            (1.5e-7, "1.5e-07"), (-2.5, "-2.5"),
            (1_732_650_000.25, "1732650000.25"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (.nan, "NaN"),
        ])
    func double(value: Double, expected: String) {
        #expect(formatted(value) == expected)
    }

    @Test(
        "doubles round-trip through their written form",
        arguments: [0.1, 1.0 / 3.0, 2.0 / 3.0 * 1e-9, .pi * 1e20, .leastNonzeroMagnitude, .greatestFiniteMagnitude])
    func doubleRoundTrips(value: Double) {
        #expect(Double(formatted(value)) == value)
    }

    private func formatted(_ value: Double) -> String {
        var writer = ExpositionWriter()
        writer.appendDouble(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
