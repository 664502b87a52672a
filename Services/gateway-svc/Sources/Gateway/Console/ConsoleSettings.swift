import ServiceKit
import Shared

/// The admin console at `/console/` (docs/console.md): where its files are, how it reaches the
/// registry's tenant API and the assets origin, and how long a sign-in lasts.
public struct ConsoleSettings: Sendable {
    /// `GATEWAY_CONSOLE_DIR` (path, default `Services/gateway-svc/Console` under the working
    /// directory): the console's HTML, scripts and styles.
    public var directory: String
    /// `GATEWAY_CONSOLE_SDK_DIR` (path, default `sdk`): the browser packages served under
    /// `/console/sdk/` (host bridge, iframe SDK protocol modules, UI kit).
    public var sdkDirectory: String
    /// `GATEWAY_CONSOLE_REGISTRY_TOKEN_FILE` (path, unset: catalog and installs answer 503): the
    /// first line is a registry API credential with the `admin` role. The console uses it only on
    /// the signed-in tenant's own paths.
    public var registryTokenFile: String?
    /// `GATEWAY_CONSOLE_ASSETS_URL` (URL, default `http://localhost:8083`): the assets-svc origin that
    /// serves extension UIs (also the console's only `frame-src`).
    public var assetsURL: ServiceURL
    /// `GATEWAY_CONSOLE_SESSION_SECONDS` (1–604800, default 28800): a session ends this long after sign-in.
    public var sessionSeconds: Int
    /// `GATEWAY_CONSOLE_IDLE_SECONDS` (1–86400, default 1800): ... or this long after its last request.
    public var idleSeconds: Int
    /// `GATEWAY_CONSOLE_MAX_SESSIONS` (1–1000000, default 10000): sessions kept per replica; beyond it
    /// the oldest is signed out.
    public var maxSessions: Int
    /// `GATEWAY_CONSOLE_SECURE_COOKIE` (bool, default false): mark the cookie `Secure`. Set it when TLS
    /// ends in front of the gateway; a request with `x-forwarded-proto: https` gets `Secure` anyway.
    public var secureCookie: Bool

    public init(environment env: Environment) throws(ConfigError) {
        directory = env.get("GATEWAY_CONSOLE_DIR") ?? "Services/gateway-svc/Console"
        sdkDirectory = env.get("GATEWAY_CONSOLE_SDK_DIR") ?? "sdk"
        registryTokenFile = env.get("GATEWAY_CONSOLE_REGISTRY_TOKEN_FILE")
        assetsURL = try ServiceURL(env.get("GATEWAY_CONSOLE_ASSETS_URL") ?? "http://localhost:8083",
                                   variable: "GATEWAY_CONSOLE_ASSETS_URL")
        guard assetsURL.path.isEmpty || assetsURL.path == "/" else {
            throw ConfigError(variable: "GATEWAY_CONSOLE_ASSETS_URL", reason: "must be an origin without a path")
        }
        sessionSeconds = try env.get("GATEWAY_CONSOLE_SESSION_SECONDS", default: 28_800, in: 1...604_800)
        idleSeconds = try env.get("GATEWAY_CONSOLE_IDLE_SECONDS", default: 1_800, in: 1...86_400)
        maxSessions = try env.get("GATEWAY_CONSOLE_MAX_SESSIONS", default: 10_000, in: 1...1_000_000)
        secureCookie = try env.get("GATEWAY_CONSOLE_SECURE_COOKIE", default: false)
    }

    /// The assets origin (`scheme://host[:port]`), for the CSP and the UI URLs.
    public var assetsOrigin: String {
        let d = assetsURL.description
        return d.hasSuffix("/") ? String(d.dropLast()) : d
    }

    public var logFields: LogMetadata {
        ["config.console_dir": .string(directory), "config.console_sdk_dir": .string(sdkDirectory),
         "config.console_registry_token_file": .string(registryTokenFile ?? "(unset)"),
         "config.console_assets_url": .string(assetsOrigin), "config.console_session_seconds": .int(Int64(sessionSeconds)),
         "config.console_idle_seconds": .int(Int64(idleSeconds)), "config.console_secure_cookie": .bool(secureCookie)]
    }
}
