import Foundation
import TestSupport
import Testing
@testable import Shared

/// Randomly damaged documents, bounded in count and time: the reader and the wire decoders must
/// never crash, every refusal must be a 400/413 AppError with a JSONError cause, and whatever the
/// reader accepts must be valid JSON that Foundation reads too and that survives a round trip.
@Suite(.ownThread) struct JSONFuzzTests {
    static let budget = Duration.milliseconds(1500)
    /// Variants every loop runs whatever the clock says (the seeds are fixed, so this prefix is
    /// the same on every machine); the budget only cuts the rest short on a loaded machine.
    static let minimumVariants = 500

    static func mutate(_ input: [UInt8], _ rng: inout JSONSeededGenerator) -> [UInt8] {
        var bytes = input
        let interesting: [UInt8] = Array("{}[]\",:\\/0-.eE+tfnu \n".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xED, 0xEF,
                                                                            0xF4, 0xF5, 0xFF]
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { bytes = [interesting.randomElement(using: &rng)!]; continue }
            let i = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: bytes[i] = interesting.randomElement(using: &rng)!
            case 1: bytes[i] = UInt8.random(in: 0...255, using: &rng)
            case 2: bytes.insert(interesting.randomElement(using: &rng)!, at: i)
            case 3: bytes.remove(at: i)
            case 4: bytes.removeSubrange(i...)
            default:
                let j = Int.random(in: i..<min(bytes.count, i + 16), using: &rng)
                bytes.insert(contentsOf: bytes[i...j], at: j + 1)
            }
        }
        return bytes
    }

    static func hasNumberBeyondDouble(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let n): return !n.doubleValue.isFinite
        case .array(let a): return a.contains(where: hasNumberBeyondDouble)
        case .object(let o): return o.values.contains(where: hasNumberBeyondDouble)
        default: return false
        }
    }

    static func expectRefusalIsWellFormed(_ error: any Error, _ context: String) {
        guard let app = error as? AppError, JSONError.from(error) != nil else {
            Issue.record("unexpected error type \(type(of: error)): \(error) for \(context)")
            return
        }
        #expect(app.httpStatus == 400 || app.httpStatus == 413, "\(context)")
    }

    @Test func testParse_whenDocumentIsRandomlyDamaged_neverCrashes() throws {
        var random = JSONRandom(seed: 99)
        var rng = JSONSeededGenerator(seed: 7)
        let deadline = ContinuousClock.now + Self.budget
        var accepted = 0, refused = 0
        for i in 0..<20_000 where i < Self.minimumVariants || ContinuousClock.now < deadline {
            let original = Array(random.render(random.value()).utf8)
            let damaged = Self.mutate(original, &rng)
            let context = "#\(i) \(damaged)"
            do {
                let value = try JSONValue.parse(damaged)
                accepted += 1
                #expect(try JSONValue.parse(value.encoded()) == value, "\(context)")
                // Foundation refuses numbers beyond Double's range; the reader keeps their literal.
                if let theirs = try? JSONSerialization.jsonObject(with: Data(damaged), options: [.fragmentsAllowed]) {
                    #expect(JSONFoundationEquivalenceTests.same(value, theirs), "\(context)")
                } else {
                    #expect(Self.hasNumberBeyondDouble(value), "Foundation refused \(context)")
                }
            } catch {
                refused += 1
                Self.expectRefusalIsWellFormed(error, context)
            }
        }
        #expect(accepted > 0 && refused > 0)
    }

    @Test func testParse_whenBytesAreRandom_neverCrashes() {
        var rng = JSONSeededGenerator(seed: 8)
        let deadline = ContinuousClock.now + Self.budget
        for i in 0..<20_000 where i < Self.minimumVariants || ContinuousClock.now < deadline {
            let bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            do { _ = try JSONValue.parse(bytes) } catch { Self.expectRefusalIsWellFormed(error, "#\(i) \(bytes)") }
        }
    }

    @Test func testDecodeExecuteRequest_whenDocumentIsRandomlyDamaged_neverCrashes() throws {
        let original = WireSamples.request.encoded()
        var rng = JSONSeededGenerator(seed: 9)
        let deadline = ContinuousClock.now + Self.budget
        var accepted = 0
        for i in 0..<20_000 where i < Self.minimumVariants || ContinuousClock.now < deadline {
            let damaged = Self.mutate(original, &rng)
            do {
                let request = try ExecuteRequest.decode(damaged)
                accepted += 1
                #expect(try ExecuteRequest.decode(request.encoded()) == request, "#\(i)")
            } catch {
                Self.expectRefusalIsWellFormed(error, "#\(i) \(String(decoding: damaged, as: UTF8.self))")
            }
        }
        #expect(accepted > 0)
    }

    @Test func testDecodeExecuteResponse_whenDocumentIsRandomlyDamaged_neverCrashes() throws {
        let original = WireSamples.response.encoded()
        var rng = JSONSeededGenerator(seed: 10)
        let deadline = ContinuousClock.now + Self.budget
        for i in 0..<20_000 where i < Self.minimumVariants || ContinuousClock.now < deadline {
            let damaged = Self.mutate(original, &rng)
            do {
                let response = try ExecuteResponse.decode(damaged)
                #expect(try ExecuteResponse.decode(response.encoded()) == response, "#\(i)")
            } catch {
                Self.expectRefusalIsWellFormed(error, "#\(i) \(String(decoding: damaged, as: UTF8.self))")
            }
        }
    }
}
