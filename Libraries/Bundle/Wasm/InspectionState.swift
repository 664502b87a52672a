import Shared

/// Section-by-section accumulation for `WasmInspector`.
struct InspectionState {
    let limits: WasmLimits
    var info = WasmModuleInfo()
    private var exportNames = Set<String>()

    init(limits: WasmLimits) { self.limits = limits }

    mutating func read(section id: UInt8, _ r: inout WasmByteReader) throws(AppError) {
        switch id {
        case 0: _ = try r.name()  // custom: name, then opaque bytes
        case 1: try readTypes(&r)
        case 2: try readImports(&r)
        case 3: try readFunctions(&r)
        case 4:
            for _ in 0..<(try r.count(cap: 100_000, code: .wasmMalformed, what: "tables")) {
                _ = try r.valueType()
                _ = try r.limits(is64Allowed: false)
            }
        case 5:
            for _ in 0..<(try r.count(cap: 100, code: .wasmMalformed, what: "memories")) {
                info.memories.append(try r.limits(is64Allowed: true))
            }
        case 6:
            for _ in 0..<(try r.count(cap: 1_000_000, code: .wasmMalformed, what: "globals")) {
                _ = try r.valueType()
                guard try r.byte() <= 1 else { throw r.malformed("invalid global mutability") }
                try r.skipConstantExpression()
            }
        case 7: try readExports(&r)
        case 8:
            let index = try r.u32()
            guard Int(index) < info.importedFunctionCount + info.definedFunctionCount else {
                throw r.malformed("start function \(index) does not exist")
            }
            info.hasStartFunction = true
        case 10: try readCode(&r)
        case 12: _ = try r.u32()
        default: break  // element (9), data (11), tag (13): not needed; skipped whole
        }
    }

    private mutating func readTypes(_ r: inout WasmByteReader) throws(AppError) {
        let n = try r.count(cap: limits.maxTypes, code: .wasmTooManyTypes, what: "types")
        for _ in 0..<n {
            let form = try r.byte()
            guard form == 0x60 else { throw r.malformed("unsupported type form 0x\(Hex.encode([form]))", at: r.pos - 1) }
            var params: [WasmValueType] = []
            for _ in 0..<(try r.count(cap: 1000, code: .wasmMalformed, what: "parameters")) { params.append(try r.valueType()) }
            var results: [WasmValueType] = []
            for _ in 0..<(try r.count(cap: 1000, code: .wasmMalformed, what: "results")) { results.append(try r.valueType()) }
            info.types.append(WasmFunctionType(params: params, results: results))
        }
    }

    private mutating func type(_ r: inout WasmByteReader) throws(AppError) -> WasmFunctionType {
        let index = Int(try r.u32())
        guard index < info.types.count else { throw r.malformed("type index \(index) does not exist") }
        return info.types[index]
    }

    private mutating func readImports(_ r: inout WasmByteReader) throws(AppError) {
        let n = try r.count(cap: limits.maxImports, code: .wasmTooManyImports, what: "imports")
        for _ in 0..<n {
            let module = try r.name()
            let name = try r.name()
            let kind: WasmImportKind
            switch try r.byte() {
            case 0x00: kind = .function(try type(&r))
            case 0x01:
                let t = try r.valueType()
                _ = try r.limits(is64Allowed: false)
                kind = .table(t)
            case 0x02: kind = .memory(try r.limits(is64Allowed: true))
            case 0x03:
                let t = try r.valueType()
                let m = try r.byte()
                guard m <= 1 else { throw r.malformed("invalid global mutability") }
                kind = .global(t, mutable: m == 1)
            case 0x04:
                guard try r.byte() == 0 else { throw r.malformed("invalid tag attribute") }
                kind = .tag(try type(&r))
            default:
                throw r.malformed("invalid import kind", at: r.pos - 1)
            }
            info.imports.append(WasmImport(module: module, name: name, kind: kind))
        }
        guard info.importedFunctionCount <= limits.maxFunctions else { throw tooManyFunctions(info.importedFunctionCount) }
    }

    private mutating func readFunctions(_ r: inout WasmByteReader) throws(AppError) {
        let room = max(0, limits.maxFunctions - info.importedFunctionCount)
        let n = try r.count(cap: room, code: .wasmTooManyFunctions, what: "functions (after imports)")
        info.definedFunctionTypes.reserveCapacity(n)
        for _ in 0..<n { info.definedFunctionTypes.append(try type(&r)) }
    }

    private mutating func readExports(_ r: inout WasmByteReader) throws(AppError) {
        let n = try r.count(cap: limits.maxExports, code: .wasmTooManyExports, what: "exports")
        for _ in 0..<n {
            let name = try r.name()
            guard exportNames.insert(name).inserted else { throw r.malformed("duplicate export name '\(name)'") }
            let kind: WasmExportKind
            switch try r.byte() {
            case 0x00: kind = .function
            case 0x01: kind = .table
            case 0x02: kind = .memory
            case 0x03: kind = .global
            case 0x04: kind = .tag
            default: throw r.malformed("invalid export kind", at: r.pos - 1)
            }
            let index = try r.u32()
            if kind == .function, Int(index) >= info.importedFunctionCount + info.definedFunctionCount {
                throw r.malformed("export '\(name)' names function \(index), which does not exist")
            }
            info.exports.append(WasmExport(name: name, kind: kind, index: index))
        }
    }

    private mutating func readCode(_ r: inout WasmByteReader) throws(AppError) {
        let n = try r.count(cap: limits.maxFunctions, code: .wasmTooManyFunctions, what: "function bodies")
        guard n == info.definedFunctionCount else {
            throw r.malformed("\(info.definedFunctionCount) functions declared but \(n) bodies present")
        }
        for i in 0..<n {
            let size = Int(try r.u32())
            guard size <= limits.maxFunctionBodyBytes else {
                throw AppError(.wasmFunctionBodyTooLarge, status: 400, "Wasm function \(i) body is \(size) bytes, "
                    + "more than the limit of \(limits.maxFunctionBodyBytes)")
            }
            let bodyStart = r.pos
            try r.skip(size)
            var body = WasmByteReader(r.bytes, from: bodyStart, to: bodyStart + size)
            var locals: UInt64 = 0
            for _ in 0..<(try body.count(cap: Int(UInt32.max), code: .wasmMalformed, what: "local declarations")) {
                locals += try body.unsigned(32)
                guard locals <= limits.maxLocalsPerFunction else {
                    throw AppError(.wasmTooManyLocals, status: 400, "Wasm function \(i) declares more than "
                        + "\(limits.maxLocalsPerFunction) locals")
                }
                _ = try body.valueType()
            }
            guard !body.atEnd, r.bytes[bodyStart + size - 1] == 0x0B else {
                throw body.malformed("function \(i) body does not end with 'end'")
            }
            info.bodies.append(WasmFunctionBody(size: size, localsCount: locals))
        }
    }

    private func tooManyFunctions(_ n: Int) -> AppError {
        AppError(.wasmTooManyFunctions, status: 400, "Wasm module has \(n) functions, more than the limit of \(limits.maxFunctions)")
    }
}
