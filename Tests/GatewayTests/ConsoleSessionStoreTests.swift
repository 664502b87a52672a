import HTTPCore
import Shared
import Synchronization
import TestSupport
import Testing
@testable import Gateway

/// The console's session store and cookie parsing, with a clock the test moves.
@Suite(.ownThread) struct ConsoleSessionStoreTests {
    final class Clock: Sendable {
        let millis = Atomic<Int64>(1_000_000)
        func advance(seconds: Int64) { millis.add(seconds * 1000, ordering: .relaxed) }
        var now: @Sendable () -> Int64 { { [self] in millis.load(ordering: .relaxed) } }
    }

    static func store(_ clock: Clock, lifetime: Int = 60, idle: Int = 10, capacity: Int = 100) -> ConsoleSessionStore {
        ConsoleSessionStore(lifetimeSeconds: lifetime, idleSeconds: idle, capacity: capacity, now: clock.now)
    }

    @Test func testTouch_whenIdleTooLong_endsTheSessionForGood() {
        let clock = Clock()
        let store = Self.store(clock)
        let (id, created) = store.create(tenantID: "t1", apiKey: "ak_x", apiKeyID: "k1", credentialExpiresAt: nil)
        #expect(ConsoleSessionStore.isWellFormed(id) && created.csrfToken.utf8.count == 64 && created.csrfToken != id)
        clock.advance(seconds: 9)
        #expect(store.touch(id)?.tenantID == "t1", "a request restarts the idle clock")
        clock.advance(seconds: 9)
        #expect(store.touch(id) != nil)
        clock.advance(seconds: 10)
        #expect(store.touch(id) == nil)
        clock.advance(seconds: -20)
        #expect(store.touch(id) == nil, "an ended session is removed, not just hidden")
        #expect(store.count == 0)
    }

    @Test func testTouch_whenLifetimeOrCredentialExpiryPassed_endsTheSessionHoweverActive() {
        let clock = Clock()
        let store = Self.store(clock, lifetime: 30, idle: 10)
        let (id, _) = store.create(tenantID: "t1", apiKey: "ak_x", apiKeyID: nil, credentialExpiresAt: nil)
        for _ in 0..<5 {
            clock.advance(seconds: 5)
            #expect(store.touch(id) != nil)
        }
        clock.advance(seconds: 5)
        #expect(store.touch(id) == nil, "30 s after sign-in")

        let keyExpires = clock.now() / 1000 + 12
        let (short, session) = store.create(tenantID: "t1", apiKey: "ak_y", apiKeyID: nil, credentialExpiresAt: keyExpires)
        #expect(session.expiresAt == keyExpires * 1000)
        clock.advance(seconds: 8)
        #expect(store.touch(short) != nil)
        clock.advance(seconds: 5)
        #expect(store.touch(short) == nil, "never outlives the API key")
    }

    @Test func testCreate_whenFull_dropsTheLeastRecentlyUsed() {
        let clock = Clock()
        let store = Self.store(clock, capacity: 2)
        let (a, _) = store.create(tenantID: "t1", apiKey: "ak_a", apiKeyID: nil, credentialExpiresAt: nil)
        clock.advance(seconds: 1)
        let (b, _) = store.create(tenantID: "t1", apiKey: "ak_b", apiKeyID: nil, credentialExpiresAt: nil)
        clock.advance(seconds: 1)
        #expect(store.touch(a) != nil)
        let (c, _) = store.create(tenantID: "t2", apiKey: "ak_c", apiKeyID: nil, credentialExpiresAt: nil)
        #expect(store.count == 2)
        #expect(store.touch(b) == nil && store.touch(a) != nil && store.touch(c)?.tenantID == "t2")
    }

    @Test func testTouchAndRemove_whenIdMalformedOrUnknown_findNothing() {
        let clock = Clock()
        let store = Self.store(clock)
        let (id, _) = store.create(tenantID: "t1", apiKey: "ak_a", apiKeyID: nil, credentialExpiresAt: nil)
        for bad in ["", id.uppercased(), String(id.dropLast()), id + "0", String(repeating: "z", count: 64), String(repeating: "0", count: 64)] {
            #expect(store.touch(bad) == nil && !store.remove(bad), "\(bad)")
        }
        #expect(store.remove(id) && store.touch(id) == nil)
    }

    @Test func testSessionID_whenCookieHeadersVary_takesExactlyOneConsoleCookie() {
        func request(_ cookies: [String]) -> HTTPRequest {
            var headers = HTTPHeaders()
            for c in cookies { headers.add("cookie", c) }
            return HTTPRequest(method: .get, target: "/console/api/session", path: "/console/api/session", headers: headers,
                               requestID: "r", logger: Logger(label: "test", handler: InMemoryLogHandler()))
        }
        #expect(ConsoleCookie.sessionID(request(["a=1; alga_console=abc; b=2"])) == "abc")
        #expect(ConsoleCookie.sessionID(request(["alga_console=abc", "x=y"])) == "abc")
        #expect(ConsoleCookie.sessionID(request(["alga_console=abc; alga_console=def"])) == nil, "two values: ambiguous")
        #expect(ConsoleCookie.sessionID(request(["alga_console=abc", "alga_console=abc"])) == nil)
        #expect(ConsoleCookie.sessionID(request(["xalga_console=abc"])) == nil)
        #expect(ConsoleCookie.sessionID(request([])) == nil)
        let set = ConsoleCookie.set("abc", maxAgeSeconds: 60, secure: true)
        #expect(set == "alga_console=abc; Path=/console; Max-Age=60; HttpOnly; SameSite=Strict; Secure")
        #expect(!ConsoleCookie.set("abc", maxAgeSeconds: 60, secure: false).contains("Secure"))
    }
}
