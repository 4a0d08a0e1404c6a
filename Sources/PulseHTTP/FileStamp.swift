import Glibc

/// What `stat` says about a file: enough to notice that it was rewritten or replaced (a renamed-in
/// file or a Kubernetes secret's symlink swap changes the inode; a rewrite changes mtime or size).
struct FileStamp: Equatable, Sendable {
    let inode: UInt64
    let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int

    /// nil when the file cannot be stat'ed (being replaced right now, say).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = info.st_mtim.tv_sec
        modifiedNanoseconds = info.st_mtim.tv_nsec
    }
}
