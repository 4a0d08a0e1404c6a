public import Hummingbird
import HTTPTypes

/// Adds `http_server_config.headers` (HSTS, CSP, …) to every response, errors and 401s included.
public struct ResponseHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let headers: HTTPFields

    public init(headers: [String: String]) {
        var fields = HTTPFields()
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        self.headers = fields
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        for field in headers { response.headers[field.name] = field.value }
        return response
    }
}
