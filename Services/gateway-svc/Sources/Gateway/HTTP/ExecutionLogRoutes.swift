#if EXTENSIONS
import HTTPCore
import Shared

/// Registers `GET /v1/execution-logs` (docs/gateway.md, "Reading the execution log"),
/// authenticated like the extension API: the credential is checked in the header phase.
enum ExecutionLogRoutes {
    static let path = "/v1/execution-logs"

    static func register(on router: inout Router, reader: ExecutionLogReader) {
        let auth = reader.auth
        let options = RouteOptions(bodyLimit: 0) { head in try auth.head(head) }
        router.async(.get, path, options: options) { request in try await reader.handle(request) }
    }
}
#endif
