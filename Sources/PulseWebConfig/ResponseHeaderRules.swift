/// `http_server_config.headers`: exporter-toolkit allows only these security headers, and a few of
/// them only with fixed values; the same rules here keep one file valid for both.
enum ResponseHeaderRules {
    static let allowed: [String: Set<String>?] = [
        "Strict-Transport-Security": nil,
        "X-Content-Type-Options": ["nosniff"],
        "X-Frame-Options": ["deny", "sameorigin"],
        "X-XSS-Protection": nil,
        "Content-Security-Policy": nil,
    ]

    static func check(name: String, value: String, key: String, line: Int?) throws(WebConfigError) {
        guard let values = allowed[name] else {
            let names = allowed.keys.sorted().joined(separator: ", ")
            throw WebConfigError(.unknownKey, key: key, line: line, "header not allowed (allowed: \(names))")
        }
        if let values, !values.contains(value.lowercased()) {
            throw WebConfigError(
                .invalidValue, key: key, line: line, "\(value): expected one of \(values.sorted().joined(separator: ", "))")
        }
    }
}
