import Synchronization
import TestSupport
import Testing
import WasmHost

/// Host functions: typed arguments, bounds-checked guest memory, user data, deliberate traps,
/// and link errors.
@Suite(.ownThread) struct LinkerTests {
    /// Per-request host state kept in the store's user data.
    final class RequestState {
        var logged: [String] = []
        var stamp: Int64 = 0
    }

    /// alga.log(ptr, len) -> i32: copies guest bytes into the request state; -1 when out of range.
    /// alga.fill(ptr, len, byte) -> i32: writes into guest memory; -1 when out of range.
    /// alga.stamp() -> i64: the request's stamp.
    /// alga.abort(code): stops the guest with abi_misuse.
    static func makeLinker(_ engine: Engine = TestSupport.engine) throws -> Linker {
        let linker = Linker(engine: engine)
        try linker.define("alga", "log", params: [.i32, .i32], results: [.i32]) { caller, args throws(Trap) in
            do {
                let bytes = try caller.read(at: args.u32(0), count: Int(args.u32(1)))
                caller.userData(as: RequestState.self)?.logged.append(String(decoding: bytes, as: UTF8.self))
                return [.i32(0)]
            } catch {
                return [.i32(-1)]
            }
        }
        try linker.define("alga", "fill", params: [.i32, .i32, .i32], results: [.i32]) { caller, args throws(Trap) in
            let bytes = [UInt8](repeating: UInt8(truncatingIfNeeded: args.i32(2)), count: Int(args.u32(1)))
            do {
                try caller.write(bytes, at: args.u32(0))
                return [.i32(0)]
            } catch {
                return [.i32(-1)]
            }
        }
        try linker.define("alga", "stamp", params: [], results: [.i64]) { caller, _ throws(Trap) in
            [.i64(caller.userData(as: RequestState.self)?.stamp ?? -1)]
        }
        try linker.define("alga", "abort", params: [.i32], results: []) { _, args throws(Trap) in
            throw Trap(.abiMisuse, "alga.abort called with code \(args.i32(0))")
        }
        return linker
    }

    static let guest = """
        (module
          (import "alga" "log" (func $log (param i32 i32) (result i32)))
          (import "alga" "fill" (func $fill (param i32 i32 i32) (result i32)))
          (import "alga" "stamp" (func $stamp (result i64)))
          (import "alga" "abort" (func $abort (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hello, host")
          (func (export "log") (param i32 i32) (result i32) (call $log (local.get 0) (local.get 1)))
          (func (export "fill") (param i32 i32 i32) (result i32)
            (call $fill (local.get 0) (local.get 1) (local.get 2)))
          (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
          (func (export "stamp") (result i64) (call $stamp))
          (func (export "abort") (call $abort (i32.const 3)) unreachable)
          (func (export "grow_then_fill") (result i32)
            ;; grows to 3 pages, then asks the host to write into the new third page
            (drop (memory.grow (i32.const 2)))
            (drop (call $fill (i32.const 131072) (i32.const 4) (i32.const 0x5a)))
            (i32.load8_u (i32.const 131075))))
        """

    private func instance(_ state: RequestState = RequestState()) throws -> Instance {
        let pre = try TestSupport.instancePre(Self.guest, linker: Self.makeLinker())
        return try TestSupport.store(userData: state).instantiate(pre)
    }

    @Test func testHostReadsGuestMemory_whenRangeIsInBounds() throws {
        let state = RequestState()
        let instance = try instance(state)
        #expect(try instance.call("log", [.i32(16), .i32(11)]) == [.i32(0)])
        #expect(state.logged == ["hello, host"])
        #expect(instance.store.usage.hostCalls == 1)
    }

    @Test func testHostReturnsErrorCode_whenRangeIsOutOfBounds() throws {
        let state = RequestState()
        let instance = try instance(state)
        #expect(try instance.call("log", [.i32(65534), .i32(4)]) == [.i32(-1)])  // straddles the end
        #expect(try instance.call("log", [.i32(-1), .i32(1)]) == [.i32(-1)])  // 0xffffffff: no wrap-around
        #expect(try instance.call("log", [.i32(0), .i32(-1)]) == [.i32(-1)])  // length 4 GiB
        #expect(try instance.call("log", [.i32(65536), .i32(0)]) == [.i32(0)])  // empty range at the end
        #expect(state.logged == [""])
        #expect(instance.store.usage.hostCalls == 4)
    }

    @Test func testHostWritesGuestMemory_whenRangeIsInBounds() throws {
        let instance = try instance()
        #expect(try instance.call("fill", [.i32(100), .i32(3), .i32(0x41)]) == [.i32(0)])
        #expect(try instance.call("load8", [.i32(102)]) == [.i32(0x41)])
        #expect(try instance.call("load8", [.i32(103)]) == [.i32(0)])
        #expect(try instance.read(at: 100, count: 3) == [0x41, 0x41, 0x41])
        #expect(try instance.call("fill", [.i32(65535), .i32(2), .i32(1)]) == [.i32(-1)])
        #expect(try instance.call("load8", [.i32(65535)]) == [.i32(0)])  // nothing partial was written
    }

    @Test func testHostWritesNewPages_whenGuestGrewMemory() throws {
        let instance = try instance()
        #expect(try instance.call("grow_then_fill") == [.i32(0x5a)])
        #expect(instance.memorySize == 3 << 16)
        #expect(instance.store.usage.peakMemoryBytes == 3 << 16)
    }

    @Test func testHostReadsOwnUserData_whenStoresRunSideBySide() throws {
        let a = RequestState()
        a.stamp = 11
        let b = RequestState()
        b.stamp = 22
        let (ia, ib) = (try instance(a), try instance(b))
        #expect(try ib.call("stamp") == [.i64(22)])
        #expect(try ia.call("stamp") == [.i64(11)])
    }

    @Test func testCallThrowsHostTrapKind_whenHostFunctionTrapsDeliberately() throws {
        let instance = try instance()
        let t = #expect(throws: Trap.self) { try instance.call("abort") }
        #expect(t?.kind == .abiMisuse)
        #expect(t?.message == "alga.abort called with code 3")
        #expect(t?.trapCode == nil)
        // The store stays usable afterwards.
        #expect(try instance.call("load8", [.i32(16)]) == [.i32(Int32(UInt8(ascii: "h")))])
    }

    @Test func testInstantiatePreThrowsLinkError_whenImportIsMissing() throws {
        let module = try Module(engine: TestSupport.engine, wasm: WasmText.assemble("""
            (module (import "alga" "missing" (func (param i32))))
            """))
        let e = #expect(throws: WasmtimeError.self) { try Self.makeLinker().instantiatePre(module) }
        #expect(e?.kind == .linkError)
        #expect(e?.message.contains("alga::missing") == true)
    }

    @Test func testInstantiatePreThrowsLinkError_whenImportHasAnotherType() throws {
        let module = try Module(engine: TestSupport.engine, wasm: WasmText.assemble("""
            (module (import "alga" "log" (func (param i64))))
            """))
        let e = #expect(throws: WasmtimeError.self) { try Self.makeLinker().instantiatePre(module) }
        #expect(e?.kind == .linkError)
        #expect(e?.message.contains("incompatible import type for `alga::log`: types incompatible") == true)
    }

    @Test func testDefineThrowsInvalidArgument_whenNameIsDefinedTwice() throws {
        let linker = try Self.makeLinker()
        let e = #expect(throws: WasmtimeError.self) {
            try linker.define("alga", "log", params: [], results: []) { _, _ throws(Trap) in [] }
        }
        #expect(e?.kind == .invalidArgument)
    }

    @Test func testDefineThrowsInvalidArgument_whenTypeIsNotNumeric() {
        let linker = Linker(engine: TestSupport.engine)
        #expect(throws: WasmtimeError(.invalidArgument, "")) {
            try linker.define("alga", "v", params: [.v128], results: []) { _, _ throws(Trap) in [] }
        }
    }

    @Test func testHostFunctionIsReleased_whenLinkerAndInstancePresAreGone() throws {
        final class Token: Sendable {}
        weak var weakToken: Token?
        do {
            let token = Token()
            weakToken = token
            let linker = Linker(engine: TestSupport.engine)
            try linker.define("alga", "f", params: [], results: []) { _, _ throws(Trap) in
                withExtendedLifetime(token) {}
                return []
            }
            let pre = try TestSupport.instancePre(#"(module (import "alga" "f" (func)))"#, linker: linker)
            #expect(weakToken != nil)
            withExtendedLifetime(pre) {}
        }
        #expect(weakToken == nil)
    }
}
