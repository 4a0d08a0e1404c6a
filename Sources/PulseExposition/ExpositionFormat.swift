/// Facts about the wire format that the HTTP layer needs.
public enum ExpositionFormat {
    /// The `Content-Type` of `RenderedPage.body` (and of `gzipBody` once decoded).
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
