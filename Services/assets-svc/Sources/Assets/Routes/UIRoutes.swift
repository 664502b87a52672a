#if EXTENSIONS
import HTTPCore
import Shared

/// `GET|HEAD /ext-ui/{extension}/{contentHash}/{path...}` (HEAD through the GET route). Errors
/// the server answers before the handler (an undecodable path, another method) carry the same
/// header contract, through the router's error headers for `/ext-ui/`.
enum UIRoutes {
    static func register(on router: inout Router, handler: UIHandler) {
        router.addErrorHeaders(pathPrefix: "/ext-ui/", [("Cache-Control", "no-store")] + handler.responder.policy.fields)
        router.inlineOrAsync(.get, "/ext-ui/:extension/:hash/*path", inline: handler.fast, async: handler.slow)
    }
}
#endif
