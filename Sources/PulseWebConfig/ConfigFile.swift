import Foundation
import Glibc

/// Reads a file named in the web config, with the reason in one line when it cannot.
public enum ConfigFile {
    public static func bytes(path: String, key: String) throws(WebConfigError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw WebConfigError(.unreadableFile, key: key, "cannot read \(path): \(reason(path: path, error))")
        }
    }

    /// Foundation's message on Linux is "The operation could not be completed"; the C library's
    /// says which ("No such file or directory", "Permission denied").
    static func reason(path: String, _ error: any Error) -> String {
        if access(path, R_OK) != 0 { return String(cString: strerror(errno)) }
        return (error as NSError).localizedDescription
    }
}
