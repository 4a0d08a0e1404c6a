import NIOCore
import NIOPosix
import PulseHTTP

/// Binds the listen address once and lets it go before anything else starts, so that a busy port or an
/// address this host does not have is one line naming `--web.listen-address`, with no demo cluster or
/// worker started only to be torn down again. (Hummingbird binds for real later; the gap is harmless.)
enum ListenPreflight {
    static func check(_ address: ListenAddress, flag: String = "web.listen-address") async throws {
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .bind(host: address.host, port: address.port)
                .get()
            try await channel.close()
        } catch {
            throw StartupError("--\(flag) \(address): cannot listen there: \(reason(error))")
        }
    }

    /// NIO's text for a failed bind repeats the syscall and a stray parenthesis; say the common causes plainly.
    static func reason(_ error: any Error) -> String {
        guard let io = error as? IOError else { return "\(error)" }
        switch io.errnoCode {
        case 98: return "address already in use"
        case 99: return "this host has no such address"
        case 13: return "permission denied (ports below 1024 need privileges)"
        default: return "\(io)"
        }
    }
}
