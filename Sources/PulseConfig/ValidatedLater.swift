/// A value an option group derives from its parsed flags in `validate()`, kept beside them so that
/// the command uses the checked value instead of checking again. Never read from the command line:
/// decoding leaves it empty, argument-parser's `validate()` fills it.
@propertyWrapper
public struct ValidatedLater<Value>: Decodable {
    public var wrappedValue: Value?

    public init() { wrappedValue = nil }

    public init(from decoder: any Decoder) throws { wrappedValue = nil }
}

extension ValidatedLater: Sendable where Value: Sendable {}
