import Glibc

/// What the credential files looked like when a worker read them: device, inode, size and
/// modification time per path, following symlinks (a Kubernetes secret rotates by swapping a
/// symlink, so the path stays and the inode changes). A missing file is a fingerprint too.
struct FileFingerprints: Equatable, Sendable {
    struct Fingerprint: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
    }

    private(set) var byPath: [String: Fingerprint?]

    init(paths: [String]) {
        var byPath: [String: Fingerprint?] = [:]
        for path in paths { byPath[path] = Self.fingerprint(path) }
        self.byPath = byPath
    }

    /// Paths whose fingerprint differs now from when `self` was taken, sorted.
    func changedPaths() -> [String] {
        byPath.filter { path, before in Self.fingerprint(path) != before }.keys.sorted()
    }

    private static func fingerprint(_ path: String) -> Fingerprint? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Fingerprint(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec))
    }
}
