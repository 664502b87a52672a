import HTTPCore
import Shared

extension S3ObjectStore {
    /// A signed request for the bucket (`key` nil) or one object.
    func request(_ method: String, key: String?, query: [(String, String)] = [], payloadHash: String,
                 body: HTTPClientRequest.Body = .none, headers: HTTPClientHeaders = [:]) -> HTTPClientRequest {
        var url = configuration.endpoint + "/" + configuration.bucket
        if let key { url += "/" + S3ObjectName.encode(key) }
        if !query.isEmpty { url += "?" + S3ObjectName.query(query) }
        var allHeaders = headers
        allHeaders.add(name: "x-amz-content-sha256", value: payloadHash)
        return HTTPClientRequest(method: method, url: url, headers: allHeaders, body: body,
                                 timeout: configuration.requestTimeout, connectTimeout: configuration.connectTimeout,
                                 maxResponseBytes: Self.maxErrorBodyBytes, awsSigV4: signer)
    }

    /// Sends `request`; transport failures become `object_store_unavailable`.
    func send(_ request: HTTPClientRequest, operation: String, key: String?) async throws -> HTTPClientResponse {
        do {
            return try await client.execute(request)
        } catch {
            logger.debug("object store request failed", ["s3.operation": .string(operation),
                                                         "s3.key": .string(key ?? "")])
            throw S3ErrorResponse.transportError(error, operation: operation, key: key)
        }
    }
}
