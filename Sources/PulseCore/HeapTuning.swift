import CGlibcMalloc
import Glibc

/// How the process asks glibc's allocator to give memory back.
///
/// glibc raises its mmap threshold to the size of the largest mmapped block freed (up to 32 MiB).
/// After the first page or frame is freed, every later one (megabytes, built and dropped once per
/// sample) is carved from the heap instead, and the heap keeps the peak of two samples' worth
/// forever. A fixed threshold keeps such blocks in their own mappings, unmapped when freed.
public enum HeapTuning {
    /// glibc's initial threshold, kept fixed instead of growing.
    public static let mmapThresholdBytes: Int32 = 128 * 1024

    /// Fixes the mmap threshold, unless the environment sets one for glibc (`MALLOC_MMAP_THRESHOLD_`
    /// or `glibc.malloc.mmap_threshold` in `GLIBC_TUNABLES`): an operator's choice wins.
    /// Returns whether it changed the threshold.
    @discardableResult
    public static func fixMmapThreshold(environment: (String) -> String? = processEnvironment) -> Bool {
        guard !operatorSetsThreshold(environment: environment) else { return false }
        return mallopt(M_MMAP_THRESHOLD, mmapThresholdBytes) == 1
    }

    static func operatorSetsThreshold(environment: (String) -> String?) -> Bool {
        if environment("MALLOC_MMAP_THRESHOLD_") != nil { return true }
        return environment("GLIBC_TUNABLES")?.contains("glibc.malloc.mmap_threshold") ?? false
    }

    public static func processEnvironment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Returns the free pages inside the heap to the system: once per sample, after the previous
    /// sample's snapshot and page are dropped.
    public static func returnFreePages() {
        malloc_trim(0)
    }
}
