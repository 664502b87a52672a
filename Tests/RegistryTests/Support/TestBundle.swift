import Bundle
import Foundation
import Shared
import WasmHost

/// A bundle to publish, built from a manifest and files with the bundle library's packer.
struct TestBundle {
    var manifest: JSONObject
    var files: [String: [UInt8]]

    /// A valid bundle of `name` `version` with one `GET /hello` endpoint and the hello module.
    static func make(_ name: String = "com.acme.hello", version: String = "1.0.0", publisher: String = "acme",
                     capabilities: [String] = ["log"], events: [JSONValue] = [], module: [UInt8]? = TestModules.hello,
                     extra: [String: [UInt8]] = [:]) -> TestBundle {
        var manifest: JSONObject = [
            "name": .string(name), "publisher": .string(publisher), "version": .string(version), "runtime": "wasm@1",
            "capabilities": .array(capabilities.map { .string($0) }),
            "api": ["endpoints": [["method": "GET", "path": "/hello", "handler": "hello"]]],
        ]
        if !events.isEmpty { manifest["events"] = .array(events) }
        var files = extra
        if let module { files["dist/main.wasm"] = module }
        return TestBundle(manifest: manifest, files: files)
    }

    /// The packed `bundle.tar.zst` (deterministic for the same content).
    func pack() throws -> [UInt8] {
        let dir = NSTemporaryDirectory() + "registry-bundle-" + RequestID.generate()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var all = files
        all["manifest.json"] = JSONValue.object(manifest).encoded()
        for (path, bytes) in all {
            let full = dir + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: full, contents: Data(bytes)) else { throw TestFailure("cannot write \(full)") }
        }
        return try BundlePacker(level: 3).pack(directory: dir).bytes
    }
}

/// A publisher's signing key, as `extctl` would hold it.
struct TestSigner {
    let key: Ed25519.PrivateKey
    let publisher: String

    init(_ publisher: String = "acme") {
        key = Ed25519.PrivateKey.generate()
        self.publisher = publisher
    }

    var publicKey: Ed25519.PublicKey { key.publicKey }
    var keyID: KeyID { KeyID(publicKey: publicKey) }

    func sign(_ bundle: [UInt8], at time: Date = Date()) -> BundleSignature {
        BundleSignature.sign(contentHash: ContentHash(digest: SHA256.hash(bundle)), publisher: publisher, key: key, at: time)
    }
}

/// Handler modules, written as WAT and assembled by Wasmtime (style point 12).
enum TestModules {
    static let hello = assemble("""
        (module
          (import "alga" "response.write" (func $write (param i32 i32) (result i32)))
          (import "alga" "log.write" (func $log (param i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hello")
          (func (export "alga_abi_v1"))
          (func (export "alga_handle") (result i32)
            (drop (call $write (i32.const 16) (i32.const 5)))
            (i32.const 0)))
        """)

    /// Imports a function the guest ABI does not define.
    static let unknownImport = assemble("""
        (module
          (import "env" "memcpy" (func (param i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "alga_abi_v1"))
          (func (export "alga_handle") (result i32) (i32.const 0)))
        """)

    /// Well-formed and ABI-conformant, but its one function makes the compiler work for minutes:
    /// 5000 i64 locals, all updated inside 200 nested loops (every loop header carries every
    /// local, and register allocation drowns in live ranges). About 66 KB.
    static let compileBomb: [UInt8] = {
        let locals = 5000
        let depth = 200
        var body = "(local " + String(repeating: "i64 ", count: locals) + ")\n"
        body += String(repeating: "(loop ", count: depth)
        for k in 0..<locals { body += "(local.set \(k) (i64.add (local.get \(k)) (i64.const 1)))" }
        for d in 0..<depth { body += "(br_if \(d) (i32.wrap_i64 (local.get \(d % locals))))" }
        body += String(repeating: ")", count: depth)
        body += "(local.get 0)"
        for k in 1..<locals { body += "(local.get \(k)) i64.add " }
        body += "drop (i32.const 0)"
        return assemble("""
            (module
              (memory (export "memory") 1)
              (func (export "alga_abi_v1"))
              (func (export "alga_handle") (result i32) \(body)))
            """)
    }()

    static func assemble(_ wat: String) -> [UInt8] {
        do { return try WasmText.assemble(wat) } catch { preconditionFailure("BUG in TestModules: \(error)") }
    }
}
