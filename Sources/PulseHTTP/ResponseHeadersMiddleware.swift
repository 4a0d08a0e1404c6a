public import Hummingbird
import HTTPTypes

/// Adds `http_server_config.headers` (HSTS, CSP, …) to every response, 401 and 404 included.
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
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // A 404 from the router arrives as an error; it gets the headers too.
            response = try error.response(from: request, context: context)
        }
        for field in headers { response.headers[field.name] = field.value }
        return response
    }
}
