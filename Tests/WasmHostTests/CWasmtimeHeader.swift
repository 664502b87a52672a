import Foundation

/// Reads the project's own Wasmtime header files (Libraries/CWasmtime/include) as text, so that
/// tests can check every declaration against the pinned library rather than a hand-kept list.
struct CWasmtimeHeader {
    let text: String

    static func load() throws -> CWasmtimeHeader {
        let dir = TestSupport.repositoryRoot.appendingPathComponent("Libraries/CWasmtime/include")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".h") }.sorted()
        let text = try files.map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
            .joined(separator: "\n")
        return CWasmtimeHeader(text: stripComments(text))
    }

    /// Names of every function declared with `CW_API` (declarations may span lines).
    var functionNames: [String] {
        let pattern = /CW_API\s+[^;(]*?\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/
        return text.matches(of: pattern).map { String($0.output.1) }
    }

    /// Names of every struct and union type defined with a body (`typedef struct x { ... } name;`).
    var aggregateNames: [String] {
        let pattern = /typedef\s+(?:struct|union)\s+\w*\s*\{[^}]*(?:\{[^}]*\}[^}]*)*\}\s*(\w+)\s*;/
        return text.matches(of: pattern).map { String($0.output.1) }
    }

    private static func stripComments(_ s: String) -> String {
        s.replacing(/\/\*[\s\S]*?\*\//, with: " ").replacing(/\/\/[^\n]*/, with: " ")
    }
}
