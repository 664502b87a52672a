/// Hand-assembles Wasm binaries section by section, for inspector tests.
public struct WasmModuleBuilder {
    public private(set) var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    public init() {}

    public static func leb(_ value: UInt64) -> [UInt8] {
        var v = value
        var out = [UInt8]()
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            out.append(b)
        } while v != 0
        return out
    }

    public static func name(_ s: String) -> [UInt8] { leb(UInt64(s.utf8.count)) + Array(s.utf8) }

    public static func vector(_ items: [[UInt8]]) -> [UInt8] { leb(UInt64(items.count)) + items.flatMap { $0 } }

    public mutating func section(_ id: UInt8, _ content: [UInt8]) {
        bytes += [id] + Self.leb(UInt64(content.count)) + content
    }

    /// Types: each (params, results) as value-type bytes.
    public mutating func types(_ list: [([UInt8], [UInt8])]) {
        section(1, Self.vector(list.map { [0x60] + Self.vector($0.0.map { [$0] }) + Self.vector($0.1.map { [$0] }) }))
    }

    public mutating func functionImports(_ list: [(String, String, UInt32)]) {
        section(2, Self.vector(list.map { Self.name($0.0) + Self.name($0.1) + [0x00] + Self.leb(UInt64($0.2)) }))
    }

    public mutating func functions(_ typeIndices: [UInt32]) {
        section(3, Self.vector(typeIndices.map { Self.leb(UInt64($0)) }))
    }

    public mutating func memory(min: UInt64, max: UInt64?) {
        section(5, Self.vector([max == nil ? [0x00] + Self.leb(min) : [0x01] + Self.leb(min) + Self.leb(max!)]))
    }

    public mutating func exports(_ list: [(String, UInt8, UInt32)]) {
        section(7, Self.vector(list.map { Self.name($0.0) + [$0.1] + Self.leb(UInt64($0.2)) }))
    }

    /// Bodies given as (local declarations [(count, type)], code bytes without the final `end`).
    public mutating func code(_ bodies: [([(UInt64, UInt8)], [UInt8])]) {
        section(10, Self.vector(bodies.map { body in
            let content = Self.vector(body.0.map { Self.leb($0.0) + [$0.1] }) + body.1 + [0x0B]
            return Self.leb(UInt64(content.count)) + content
        }))
    }
}
