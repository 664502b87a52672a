import Foundation
import ObjectStore
import Shared
import Testing

/// The stores the conformance suite runs against: each test gets a fresh, empty one.
enum ObjectStoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case local
    case s3

    var testDescription: String { rawValue }

    func makeStore() async throws -> any ObjectStore {
        switch self {
        case .local:
            let root = NSTemporaryDirectory() + "objectstore-test-" + RequestID.generate()
            return try LocalDirectoryObjectStore(root: root)
        case .s3:
            return try await S3TestEnvironment.freshStore()
        }
    }
}
