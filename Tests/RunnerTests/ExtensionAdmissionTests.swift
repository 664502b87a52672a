import Foundation
import Synchronization
import TestSupport
import Testing
@testable import Runner

/// The per-(tenant, extension) cap: enforced per key, freed by `leave`, never exceeded under
/// concurrent use.
@Suite(.ownThread) struct ExtensionAdmissionTests {
    @Test func testTryEnter_whenAtTheLimit_refusesThatKeyOnly() throws {
        let admission = ExtensionAdmission(limit: 2)
        let a = ExtensionAdmission.Key(tenant: "t1", extensionID: "com.acme.a")
        let first = try #require(admission.tryEnter(a))
        let second = try #require(admission.tryEnter(a))
        #expect(admission.tryEnter(a) == nil, "a third execution of the same key is refused")
        #expect(admission.tryEnter(ExtensionAdmission.Key(tenant: "t2", extensionID: "com.acme.a")) != nil, "another tenant")
        #expect(admission.tryEnter(ExtensionAdmission.Key(tenant: "t1", extensionID: "com.acme.b")) != nil, "another extension")
        #expect(admission.inUse(a) == 2)
        admission.leave(first)
        #expect(admission.inUse(a) == 1)
        #expect(admission.tryEnter(ExtensionAdmission.Key(tenant: "t1", extensionID: "com.acme.a")) === second, "the key's one slot")
        #expect(admission.inUse(ExtensionAdmission.Key(tenant: "nobody", extensionID: "x")) == 0)
    }

    @Test func testTryEnter_whenManyThreadsEnterAndLeave_neverExceedsTheLimit() {
        let admission = ExtensionAdmission(limit: 3)
        let key = ExtensionAdmission.Key(tenant: "t", extensionID: "com.acme.hot")
        let peak = Atomic<Int>(0)
        let admitted = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<2000 {
                guard let slot = admission.tryEnter(key) else { continue }
                admitted.add(1, ordering: .relaxed)
                let now = admission.inUse(key)
                var seen = peak.load(ordering: .relaxed)
                while now > seen, !peak.compareExchange(expected: seen, desired: now, ordering: .relaxed).exchanged {
                    seen = peak.load(ordering: .relaxed)
                }
                admission.leave(slot)
            }
        }
        #expect(peak.load(ordering: .relaxed) <= 3 && peak.load(ordering: .relaxed) >= 1)
        #expect(admitted.load(ordering: .relaxed) > 0)
        #expect(admission.inUse(key) == 0, "every slot given back")
    }
}
