import Foundation
import Shared

/// The measurements, in the order bench/run prints them. Each closure returns a value derived
/// from its result so the optimiser cannot drop the work. Figures are µs of CPU per call, p50.
struct CodecBenchmark {
    let rounds: Int
    let batch: Int
    /// Runs only the measurements whose name starts with this prefix.
    let only: String

    func run() throws {
        let requestJSON = Samples.request.encoded()
        let responseJSON = Samples.response.encoded()
        let requestBinary = BinaryPrototype.encode(Samples.request)
        print("codec.request.json_bytes \(requestJSON.count) bytes")
        print("codec.response.json_bytes \(responseJSON.count) bytes")
        print("codec.request.binary_bytes \(requestBinary.count) bytes")

        let jsonDecoder = JSONDecoder()
        let jsonEncoder = JSONEncoder()
        let requestData = Data(requestJSON)
        let responseData = Data(responseJSON)
        let foundationRequest = try jsonDecoder.decode(FoundationRequest.self, from: requestData)
        let foundationResponse = try jsonDecoder.decode(FoundationResponse.self, from: responseData)
        let requestObject = try JSONSerialization.jsonObject(with: requestData)
        let responseObject = try JSONSerialization.jsonObject(with: responseData)
        guard try ExecuteRequest.decode(requestJSON) == Samples.request,
              try ExecuteResponse.decode(responseJSON) == Samples.response,
              try BinaryPrototype.decode(requestBinary) == Samples.request else {
            preconditionFailure("BUG in bench-codec: a codec does not round-trip the samples")
        }

        var m = Measure()
        func measure(_ name: String, _ body: @escaping () throws -> Int) {
            if name.hasPrefix(only) { m.add(name, body) }
        }

        measure("codec.request.decode.alga") { try ExecuteRequest.decode(requestJSON).http.body.count }
        measure("codec.request.decode.jsonvalue") { try JSONValue.parse(requestJSON).objectValue?.count ?? 0 }
        measure("codec.request.decode.binary") { try BinaryPrototype.decode(requestBinary).http.body.count }
        measure("codec.request.decode.foundation_jsondecoder") {
            try jsonDecoder.decode(FoundationRequest.self, from: requestData).http.body_b64.count
        }
        measure("codec.request.decode.foundation_jsonserialization") {
            (try JSONSerialization.jsonObject(with: requestData) as? NSDictionary)?.count ?? 0
        }
        measure("codec.request.encode.alga") { Samples.request.encoded().count }
        measure("codec.request.encode.binary") { BinaryPrototype.encode(Samples.request).count }
        measure("codec.request.encode.foundation_jsonencoder") { try jsonEncoder.encode(foundationRequest).count }
        measure("codec.request.encode.foundation_jsonserialization") {
            try JSONSerialization.data(withJSONObject: requestObject).count
        }

        measure("codec.response.decode.alga") { try ExecuteResponse.decode(responseJSON).body.count }
        measure("codec.response.decode.foundation_jsondecoder") {
            try jsonDecoder.decode(FoundationResponse.self, from: responseData).body_b64.count
        }
        measure("codec.response.decode.foundation_jsonserialization") {
            (try JSONSerialization.jsonObject(with: responseData) as? NSDictionary)?.count ?? 0
        }
        measure("codec.response.encode.alga") { Samples.response.encoded().count }
        measure("codec.response.encode.foundation_jsonencoder") { try jsonEncoder.encode(foundationResponse).count }
        measure("codec.response.encode.foundation_jsonserialization") {
            try JSONSerialization.data(withJSONObject: responseObject).count
        }

        let blob = (0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let blobData = Data(blob)
        let blobBase64 = Array(Base64.encode(blob).utf8)
        let blobBase64String = Base64.encode(blob)
        measure("codec.base64.decode_64k.alga") { try blobBase64.withUnsafeBufferPointer { try Base64.decode($0) }.count }
        measure("codec.base64.decode_64k.foundation") { Data(base64Encoded: blobBase64String)?.count ?? 0 }
        measure("codec.base64.encode_64k.alga") { Base64.encode(blob).utf8.count }
        measure("codec.base64.encode_64k.foundation") { blobData.base64EncodedString().utf8.count }

        try m.run(rounds: rounds, batch: batch)
        if m.sink == 42 { print("") }  // keeps the results observable
    }
}
