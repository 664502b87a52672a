import Foundation
import Shared

/// The registry and gateway addresses and credentials, from options or the environment.
enum Endpoints {
    static let registryOptions: [CommandSpec.Option] = [
        .init("registry", "URL", "registry base URL (env EXTCTL_REGISTRY_URL, default http://127.0.0.1:8081)"),
        .init("token", "TOKEN", "API credential (env EXTCTL_TOKEN)"),
        .init("token-file", "FILE", "file holding the API credential (env EXTCTL_TOKEN_FILE)"),
    ]

    static let gatewayOptions: [CommandSpec.Option] = [
        .init("gateway", "URL", "gateway base URL (env EXTCTL_GATEWAY_URL, default http://127.0.0.1:8080)"),
        .init("token", "TOKEN", "tenant API key or user JWT (env EXTCTL_GATEWAY_TOKEN)"),
        .init("token-file", "FILE", "file holding it (env EXTCTL_GATEWAY_TOKEN_FILE)"),
    ]

    static func registry(_ context: CommandContext) throws(AppError) -> ServiceClient {
        let url = context.arguments.value("registry", env: "EXTCTL_REGISTRY_URL", in: context.environment) ?? "http://127.0.0.1:8081"
        return ServiceClient(baseURL: url, token: try token(context, env: "EXTCTL_TOKEN", fileEnv: "EXTCTL_TOKEN_FILE"))
    }

    static func gateway(_ context: CommandContext) throws(AppError) -> ServiceClient {
        let url = context.arguments.value("gateway", env: "EXTCTL_GATEWAY_URL", in: context.environment) ?? "http://127.0.0.1:8080"
        return ServiceClient(baseURL: url,
                             token: try token(context, env: "EXTCTL_GATEWAY_TOKEN", fileEnv: "EXTCTL_GATEWAY_TOKEN_FILE"))
    }

    private static func token(_ context: CommandContext, env: String, fileEnv: String) throws(AppError) -> String? {
        if let token = context.arguments.value("token") { return token }
        if let file = context.arguments.value("token-file") ?? context.environment[fileEnv].flatMap({ $0.isEmpty ? nil : $0 }) {
            let text = try FileIO.readText(context.absolute(file)).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw AppError(.fileError, status: 400, "\(file) is empty (expected a credential)") }
            return text
        }
        if let token = context.environment[env], !token.isEmpty { return token }
        return nil
    }

    /// Percent-encodes one path segment (extension names, tenants, versions).
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
