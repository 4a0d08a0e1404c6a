/// `${VAR}` and `${VAR:-default}` inside config file values, from the environment. `$$` is a literal `$`.
/// An undefined variable without a default is an error: a silently empty password or server is worse.
enum VariableSubstitution {
    enum Failure: Error, Equatable {
        case undefined(String)
        case malformed(String)
    }

    static func apply(_ text: String, environment: [String: String]) throws(Failure) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.first == "$" {
                result += "$"
                rest = after.dropFirst()
            } else if after.first == "{" {
                guard let close = after.firstIndex(of: "}") else { throw .malformed("unterminated ${ in value") }
                let body = after[after.index(after: after.startIndex)..<close]
                let (name, fallback) = split(body)
                guard isVariableName(name) else { throw .malformed("${\(body)} is not a variable name") }
                if let value = environment[String(name)] {
                    result += value
                } else if let fallback {
                    result += fallback
                } else {
                    throw .undefined(String(name))
                }
                rest = after[after.index(after: close)...]
            } else {
                result += "$"
                rest = after
            }
        }
        return result + rest
    }

    private static func split(_ body: Substring) -> (Substring, Substring?) {
        guard let range = body.firstRange(of: ":-") else { return (body, nil) }
        return (body[..<range.lowerBound], body[range.upperBound...])
    }

    private static func isVariableName(_ name: Substring) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
