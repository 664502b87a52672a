import HTTPCore
import Shared

/// `Idempotency-Key` handling of the public API (docs/gateway.md, "Idempotency"): honoured on
/// POST, PUT, PATCH and DELETE; scoped by (tenant, extension); a completed key replays its
/// response, a running one answers 409, a reused one 422. A call that never reached execution
/// (runner unavailable) releases the key so a retry runs; any other outcome is stored, so a
/// repeat never runs the guest a second time.
extension ExtensionAPI {
    enum IdempotentStart {
        case proceed
        case replay(StoredResponse)
    }

    static let idempotentMethods: Set<String> = ["POST", "PUT", "PATCH", "DELETE"]

    func idempotencyKey(_ request: HTTPRequest) throws(AppError) -> String? {
        guard Self.idempotentMethods.contains(request.method.rawValue) else { return nil }
        let values = request.headers.values("idempotency-key")
        guard let key = values.first else { return nil }
        guard values.count == 1, IdempotencyStore.isValidKey(key) else {
            throw AppError.badRequest("Idempotency-Key: must be one value of 1-255 visible ASCII characters")
        }
        return key
    }

    func startIdempotent(_ key: String, request: HTTPRequest, path: ExtensionPath, body: [UInt8], principal: Principal,
                         install: ResolvedInstall) async throws -> IdempotentStart {
        guard let store = idempotency else {
            throw AppError(.unavailable, status: 503, "Idempotency-Key needs the gateway's database (DATABASE_URL)")
        }
        let fingerprint = IdempotencyStore.fingerprint(method: request.method.rawValue,
                                                       target: String(request.target.dropFirst(ExtensionPath.prefix.utf8.count)),
                                                       body: body)
        let lease = executor.timeoutMs(for: install) / 1000 + 30
        switch try await store.start(tenant: principal.tenantID, registryID: install.extensionID, key: key,
                                     fingerprint: fingerprint, leaseSeconds: lease) {
        case .proceed: return .proceed
        case .replay(let stored):
            metrics.idempotentReplays.inc()
            return .replay(stored)
        case .inFlight:
            throw AppError(.idempotencyInFlight, status: 409, "a request with this Idempotency-Key is still running",
                           headers: [("Retry-After", "1")])
        case .mismatch:
            throw AppError(.idempotencyKeyReused, status: 422, "this Idempotency-Key was used for a different request")
        }
    }

    func completeIdempotent(_ key: String, principal: Principal, install: ResolvedInstall, response: HTTPResponse,
                            request: HTTPRequest) async {
        do {
            try await idempotency?.complete(tenant: principal.tenantID, registryID: install.extensionID, key: key,
                                            response: StoredResponse(response))
        } catch {
            request.logger.warning("idempotency record not completed; the key stays in flight until its lease ends",
                                   ["error": .string(AppError.wrapping(error).message)])
        }
    }

    func releaseIdempotent(_ key: String, principal: Principal, install: ResolvedInstall, request: HTTPRequest) async {
        do {
            try await idempotency?.release(tenant: principal.tenantID, registryID: install.extensionID, key: key)
        } catch {
            request.logger.warning("idempotency record not released; the key stays in flight until its lease ends",
                                   ["error": .string(AppError.wrapping(error).message)])
        }
    }
}
