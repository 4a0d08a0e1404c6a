import Foundation
import Testing

@testable import PulseSupervisor

/// Real files in a temporary directory: the fingerprint is about what `stat` sees.
@Suite("Credential files: a rotation is seen, an untouched file is not")
struct FileFingerprintsTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pulse-fingerprints-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("unchanged files report nothing")
    func unchanged() throws {
        let password = try write("password", "one")
        let fingerprints = FileFingerprints(paths: [password, directory.appendingPathComponent("missing").path])
        #expect(fingerprints.changedPaths().isEmpty)
    }

    @Test("a rewritten file (new size), a file replaced by rename (new inode, same size) and a file that appears are changes")
    func changes() throws {
        let password = try write("password", "one")
        let key = try write("key", "abc")
        let appearing = directory.appendingPathComponent("appearing").path
        let fingerprints = FileFingerprints(paths: [password, key, appearing])
        _ = try write("password", "longer")
        // Same size, same content, written to a temporary file and renamed over the old one.
        try Data("abc".utf8).write(to: URL(fileURLWithPath: key), options: .atomic)
        _ = try write("appearing", "x")
        #expect(fingerprints.changedPaths() == [appearing, key, password].sorted())
    }

    @Test("a symlink swapped to a new target (a Kubernetes secret rotation) is a change")
    func symlinkSwap() throws {
        let first = try write("first", "pw")
        let second = try write("second", "pw")
        let link = directory.appendingPathComponent("link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: first)
        let fingerprints = FileFingerprints(paths: [link])
        try FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: second)
        #expect(fingerprints.changedPaths() == [link])
    }
}
