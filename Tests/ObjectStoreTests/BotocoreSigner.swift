import Foundation
import Shared

/// The reference signer for the differential tests: botocore's `S3SigV4Auth` (PyPI, in
/// `.deps/venv`), run once per batch of requests with the time each request was signed at.
enum BotocoreSigner {
    struct Input: Encodable {
        var method: String
        var url: String
        var headers: [String: String]
        var body: String  // base64
        var amzDate: String
        var region: String
        var accessKeyID: String
        var secret: String
    }

    private static let script = """
        import base64, datetime, json, sys
        import botocore.auth
        from botocore.auth import S3SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        out = []
        for r in json.load(sys.stdin):
            at = datetime.datetime.strptime(r["amzDate"], "%Y%m%dT%H%M%SZ")
            botocore.auth.get_current_datetime = lambda *args, **kwargs: at
            request = AWSRequest(method=r["method"], url=r["url"], headers=r["headers"],
                                 data=base64.b64decode(r["body"]))
            S3SigV4Auth(Credentials(r["accessKeyID"], r["secret"]), "s3", r["region"]).add_auth(request)
            out.append({"authorization": request.headers["Authorization"],
                        "payload": request.headers["X-Amz-Content-SHA256"]})
        json.dump(out, sys.stdout)
        """

    struct Output: Decodable, Equatable {
        var authorization: String
        var payload: String
    }

    static func sign(_ inputs: [Input]) async throws -> [Output] {
        let python = S3TestEnvironment.repositoryRoot + "/.deps/venv/bin/python"
        let data = try await S3TestEnvironment.run(python, ["-c", script], stdin: try JSONEncoder().encode(inputs))
        return try JSONDecoder().decode([Output].self, from: data)
    }

    /// The request as botocore should see it: what was sent, minus the signature and the fields
    /// the transport adds (libcurl does not sign them, and botocore derives Host and the date).
    static func input(for request: S3CaptureServer.Request, baseURL: String, region: String, accessKeyID: String,
                      secret: String) -> Input {
        let transport: Set<String> = ["authorization", "content-length", "expect", "accept", "user-agent", "host",
                                      "x-amz-date"]
        var headers = [String: String]()
        for (name, value) in request.headers where !transport.contains(name.lowercased()) { headers[name] = value }
        return Input(method: request.method, url: baseURL + request.target, headers: headers,
                     body: Data(request.body).base64EncodedString(),
                     amzDate: request.values("X-Amz-Date").first ?? "", region: region, accessKeyID: accessKeyID,
                     secret: secret)
    }
}
