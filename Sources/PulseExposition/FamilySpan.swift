/// Where one family sits in a rendered page: its HELP and TYPE lines, then its series. Pages of
/// several clusters merge by these spans into one page that names each family once, as the text
/// format requires, without parsing anything.
public struct FamilySpan: Sendable, Hashable {
    public let name: String
    /// Byte offsets into the page's body.
    public let header: Range<Int>
    public let series: Range<Int>
}
