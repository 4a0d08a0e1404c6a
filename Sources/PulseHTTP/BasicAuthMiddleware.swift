public import Hummingbird
import HummingbirdAuth

/// Answers 401 with a `WWW-Authenticate` challenge unless the request carries credentials that
/// `BasicAuthVerifier` accepts. The probes in `openPaths` stay open (see `SecuredRoutes`).
public struct BasicAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    public static var realm: String { "kafka-pulse" }

    let verifier: BasicAuthVerifier
    let openPaths: Set<String>

    public init(verifier: BasicAuthVerifier, openPaths: Set<String>) {
        self.verifier = verifier
        self.openPaths = openPaths
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if openPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let credentials = request.headers.basic,
            await verifier.verify(user: credentials.username, password: credentials.password)
        else {
            return Self.challenge()
        }
        return try await next(request, context)
    }

    static func challenge() -> Response {
        var response = plain(.unauthorized, "unauthorized\n")
        response.headers[.wwwAuthenticate] = "Basic realm=\"\(realm)\""
        return response
    }
}
