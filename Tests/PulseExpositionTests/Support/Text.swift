extension [UInt8] {
    /// The rendered page as text, for assertions that read better on lines than on bytes.
    var text: String { String(decoding: self, as: UTF8.self) }

    var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}

/// Family names in the order their `# TYPE` lines appear.
func familyNames(in page: [UInt8]) -> [String] {
    page.lines.compactMap { line in
        guard line.hasPrefix("# TYPE ") else { return nil }
        return line.dropFirst("# TYPE ".count).split(separator: " ").first.map(String.init)
    }
}

/// The page's lines without the named families: their HELP, TYPE and series lines.
func lines(of page: [UInt8], without families: Set<String>) -> [String] {
    page.lines.filter { line in
        let name: Substring
        if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
            name = line.dropFirst("# HELP ".count).prefix { $0 != " " }
        } else {
            name = line.prefix { $0 != "{" && $0 != " " }
        }
        return !families.contains(String(name))
    }
}
