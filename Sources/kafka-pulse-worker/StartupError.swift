/// A reason not to start, shown as one line; the exporter shows it too (a `fatal` reply carries it).
struct StartupError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
