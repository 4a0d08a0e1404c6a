/// The one rule for turning a secret file's bytes into the secret: the text without its trailing
/// line breaks (`echo pw > file` and most editors add one; no password is meant to end in one).
/// Other whitespace is kept: it may be part of the secret.
public enum SecretFileText {
    public static func value(of bytes: some Collection<UInt8>) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
        return text
    }
}
