import TestSupport
import Testing
import WasmHost

/// Every guest trap maps to its stable kind and a one-line message (inline WAT fixtures).
@Suite(.ownThread) struct TrapTests {
    /// Instantiates `wat` in a fresh store and calls its export "run" on a large stack.
    private func trap(_ wat: String, fuel: UInt64? = nil) throws -> Trap? {
        let pre = try TestSupport.instancePre(wat)
        return try TestSupport.onLargeStack {
            let store = try TestSupport.store(fuel: fuel)
            let instance = try store.instantiate(pre)
            return #expect(throws: Trap.self) { try instance.call("run") }
        }
    }

    @Test func testCallThrowsUnreachable_whenGuestExecutesUnreachable() throws {
        let t = try trap(#"(module (func (export "run") unreachable))"#)
        #expect(t?.kind == .unreachable)
        #expect(t?.code == "unreachable")
        #expect(t?.trapCode == 9)
        #expect(t?.message == "wasm trap: wasm `unreachable` instruction executed")
        #expect(t?.details.contains("wasm backtrace") == true)
    }

    @Test func testCallThrowsOutOfBounds_whenGuestLoadsPastMemory() throws {
        let t = try trap(#"(module (memory 1) (func (export "run") i32.const 65535 i32.load drop))"#)
        #expect(t?.kind == .outOfBounds)
        #expect(t?.trapCode == 1)
        #expect(t?.message == """
            memory fault at wasm address 0x10000 in linear memory of size 0x10000: \
            wasm trap: out of bounds memory access
            """)
    }

    @Test func testCallThrowsOutOfBounds_whenCallIndirectIndexIsPastTable() throws {
        let t = try trap("""
            (module (type $t (func)) (table 1 funcref)
              (func (export "run") i32.const 7 call_indirect (type $t)))
            """)
        #expect(t?.kind == .outOfBounds)
        #expect(t?.trapCode == 3)
        #expect(t?.message.contains("out of bounds table access") == true)
    }

    @Test func testCallThrowsIndirectCallToNull_whenTableEntryIsNull() throws {
        let t = try trap("""
            (module (type $t (func)) (table 1 funcref)
              (func (export "run") i32.const 0 call_indirect (type $t)))
            """)
        #expect(t?.kind == .indirectCallToNull)
        #expect(t?.message == "wasm trap: uninitialized element")
    }

    @Test func testCallThrowsIndirectCallTypeMismatch_whenEntryHasAnotherType() throws {
        let t = try trap("""
            (module (type $t (func)) (table 1 funcref) (elem (i32.const 0) $f)
              (func $f (param i32))
              (func (export "run") i32.const 0 call_indirect (type $t)))
            """)
        #expect(t?.kind == .indirectCallTypeMismatch)
        #expect(t?.message == "wasm trap: indirect call type mismatch")
    }

    @Test func testCallThrowsIntegerDivisionByZero_whenDividingByZero() throws {
        let t = try trap(#"(module (func (export "run") i32.const 1 i32.const 0 i32.div_s drop))"#)
        #expect(t?.kind == .integerDivisionByZero)
        #expect(t?.message == "wasm trap: integer divide by zero")
    }

    @Test func testCallThrowsIntegerOverflow_whenDividingMinByMinusOne() throws {
        let t = try trap(#"(module (func (export "run") i32.const 0x80000000 i32.const -1 i32.div_s drop))"#)
        #expect(t?.kind == .integerOverflow)
        #expect(t?.message == "wasm trap: integer overflow")
    }

    @Test func testCallThrowsInvalidConversion_whenTruncatingNaN() throws {
        let t = try trap(#"(module (func (export "run") f32.const nan i32.trunc_f32_s drop))"#)
        #expect(t?.kind == .invalidConversionToInteger)
        #expect(t?.message == "wasm trap: invalid conversion to integer")
    }

    @Test func testCallThrowsStackOverflow_whenGuestRecursesWithoutEnd() throws {
        let t = try trap(#"(module (func $f (export "run") call $f))"#)
        #expect(t?.kind == .stackOverflow)
        #expect(t?.message == "wasm trap: call stack exhausted")
    }

    @Test func testCallThrowsFuelExhausted_whenLoopOutrunsFuel() throws {
        let t = try trap(#"(module (func (export "run") (loop br 0)))"#, fuel: 10_000)
        #expect(t?.kind == .fuelExhausted)
        #expect(t?.message == "wasm trap: all fuel consumed by WebAssembly")
    }

    @Test func testInstantiateThrowsTrap_whenStartFunctionTraps() throws {
        let pre = try TestSupport.instancePre(#"(module (func $s unreachable) (start $s))"#)
        let store = try TestSupport.store()
        let t = #expect(throws: Trap.self) { try store.instantiate(pre) }
        #expect(t?.kind == .unreachable)
    }

    @Test func testEqualityComparesKindOnly_whenMessagesDiffer() {
        #expect(Trap(.timeout, "a") == Trap(.timeout, "b"))
        #expect(Trap(.timeout) != Trap(.unreachable))
        #expect(TrapKind.host("quota_exceeded").rawValue == "quota_exceeded")
    }
}
