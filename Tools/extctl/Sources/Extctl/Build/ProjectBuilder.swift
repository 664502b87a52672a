import Bundle
import Foundation
import Shared

/// Builds a project (manifest.json, handler/*.swift, *.c, *.zig or *.rs, ui/) into the bundle layout
/// of docs/bundle-format.md under `<project>/build/bundle`, the way `templates/build-bundle` does:
/// the UI with the iframe SDK and UI kit in ui/vendor/, and the handler compiled for wasm32.
struct ProjectBuilder {
    let project: String
    let layout: PlatformLayout
    let toolchain: Toolchain
    let environment: [String: String]
    let progress: (String) -> Void

    var buildDirectory: String { project + "/build" }
    var bundle: String { buildDirectory + "/bundle" }
    var objects: String { buildDirectory + "/obj" }
    /// The toolchain with its Zig command chosen (Toolchain+ZigRust.swift).
    var tools: Toolchain { toolchain.resolvingZig(platformSDK: layout.sdk, path: environment["PATH"] ?? "") }

    static let swiftFlags = ["-target", "wasm32-unknown-none-wasm", "-enable-experimental-feature", "Embedded",
                             "-enable-experimental-feature", "Extern", "-wmo", "-Osize", "-parse-as-library",
                             "-Xfrontend", "-disable-stack-protector"]
    static let cFlags = ["--target=wasm32-unknown-unknown", "-ffreestanding", "-nostdlib", "-O2"]
    static let linkFlags = ["--no-entry", "--stack-first", "-z", "stack-size=131072", "--gc-sections"]

    /// The handler's language, from the files in handler/ (nil: no handler).
    func handlerLanguage() throws(AppError) -> (Toolchain.Language, [String])? {
        let dir = project + "/handler"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        let kinds: [(Toolchain.Language, String)] = [(.swift, ".swift"), (.c, ".c"), (.zig, ".zig"), (.rust, ".rs")]
        let found = kinds.compactMap { language, suffix -> (Toolchain.Language, [String])? in
            let files = names.filter { $0.hasSuffix(suffix) }.map { dir + "/" + $0 }
            return files.isEmpty ? nil : (language, files)
        }
        guard found.count <= 1 else {
            let mixed = found.map(\.0.rawValue).joined(separator: ", ")
            throw AppError(.buildFailed, status: 400, "\(dir) mixes \(mixed) files; a handler is written in one language")
        }
        return found.first
    }

    func build(uiOnly: Bool) throws(AppError) -> Int {
        guard FileIO.exists(project + "/manifest.json") else {
            throw AppError(.manifestMissing, status: 400, "\(project)/manifest.json is missing (is this an extension project?)")
        }
        let handler = uiOnly ? nil : try handlerLanguage()
        if let handler { try tools.require(handler.0, scratch: try scratchDirectory()) }
        try? FileManager.default.removeItem(atPath: bundle)
        try FileIO.write(try FileIO.read(project + "/manifest.json"), to: bundle + "/manifest.json")
        if FileIO.isDirectory(project + "/ui") {
            progress("copying ui/ with the iframe SDK and the UI kit")
            try UIAssembler(source: project + "/ui", target: bundle + "/ui", sdk: layout.sdk,
                            environment: environment).assemble()
        }
        if let (language, sources) = handler {
            let module = try compile(language, sources)
            try FileIO.write(try FileIO.read(module), to: bundle + "/dist/main.wasm")
        }
        return FileManager.default.enumerator(atPath: bundle)?.allObjects.count ?? 0
    }

    func scratchDirectory() throws(AppError) -> String {
        do { try FileManager.default.createDirectory(atPath: objects, withIntermediateDirectories: true) } catch {
            throw AppError(.fileError, status: 500, "cannot create \(objects): \(error.localizedDescription)")
        }
        return objects
    }

    private func compile(_ language: Toolchain.Language, _ sources: [String]) throws(AppError) -> String {
        switch language {
        case .zig: return try compileZig(sources)
        case .rust: return try compileRust(sources)
        case .swift, .c: break
        }
        let obj = try scratchDirectory()
        let sdkC = layout.sdk + "/guest-c"
        let runtime = obj + "/alga_runtime.o"
        if Self.stale(runtime, inputs: [sdkC + "/alga_runtime.c", sdkC + "/alga.h"]) {
            try ToolRunner.run(toolchain.clang, Self.cFlags + ["-fno-builtin", "-I", sdkC, "-c", sdkC + "/alga_runtime.c", "-o", runtime],
                               what: "compiling the guest runtime")
        }
        let output = obj + "/main.wasm"
        switch language {
        case .swift:
            let sdkSwift = layout.sdk + "/guest-swift/Sources/Alga"
            let sdkSources = ((try? FileManager.default.contentsOfDirectory(atPath: sdkSwift)) ?? [])
                .filter { $0.hasSuffix(".swift") }.sorted().map { sdkSwift + "/" + $0 }
            guard !sdkSources.isEmpty else {
                throw AppError(.toolchainMissing, status: 500, "missing the Swift guest SDK in \(sdkSwift) (set ALGA_SDK)")
            }
            let sdkObjects = try SDKCache(environment: environment).directory(for: sdkSources, flags: Self.swiftFlags + [toolchain.swiftc])
            if !FileIO.exists(sdkObjects + "/Alga.o") {
                progress("compiling the guest SDK (module Alga, Embedded Swift; cached in \(sdkObjects))")
                let staging = sdkObjects + ".tmp-" + RequestID.generate()
                try SDKCache.make(staging)
                try ToolRunner.run(toolchain.swiftc, Self.swiftFlags + ["-module-name", "Alga", "-emit-module",
                                   "-emit-module-path", staging + "/Alga.swiftmodule", "-c"] + sdkSources + ["-o", staging + "/Alga.o"],
                                   what: "compiling the guest SDK")
                SDKCache.publish(staging, as: sdkObjects)
            }
            guard Self.stale(output, inputs: sources + [sdkObjects + "/Alga.o", runtime, project + "/manifest.json"]) else {
                progress("handler up to date")
                return output
            }
            progress("compiling the handler (Swift, \(sources.count) file\(sources.count == 1 ? "" : "s"))")
            try ToolRunner.run(toolchain.swiftc, Self.swiftFlags + ["-module-name", "Handler", "-I", sdkObjects, "-c"] + sources
                               + ["-o", obj + "/handler.o"], what: "compiling the handler")
            progress("linking dist/main.wasm")
            try ToolRunner.run(toolchain.wasmLD, Self.linkFlags + [obj + "/handler.o", sdkObjects + "/Alga.o", runtime,
                               toolchain.unicodeTables, "-o", output], what: "linking")
        case .c:
            var objectFiles: [String] = []
            for helper in ["alga", "alga_json"] {
                let object = obj + "/sdk-\(helper).o"
                if Self.stale(object, inputs: [sdkC + "/\(helper).c", sdkC + "/alga.h"]) {
                    try ToolRunner.run(toolchain.clang, Self.cFlags + ["-I", sdkC, "-c", sdkC + "/\(helper).c", "-o", object],
                                       what: "compiling the C guest SDK")
                }
                objectFiles.append(object)
            }
            progress("compiling the handler (C, \(sources.count) file\(sources.count == 1 ? "" : "s"))")
            for source in sources {
                let object = obj + "/handler-" + ((source as NSString).lastPathComponent as NSString).deletingPathExtension + ".o"
                try ToolRunner.run(toolchain.clang, Self.cFlags + ["-Wall", "-I", sdkC, "-c", source, "-o", object],
                                   what: "compiling \((source as NSString).lastPathComponent)")
                objectFiles.insert(object, at: 0)
            }
            progress("linking dist/main.wasm")
            try ToolRunner.run(toolchain.wasmLD, Self.linkFlags + objectFiles + [runtime, "-o", output], what: "linking")
        case .zig, .rust:
            preconditionFailure("BUG in ProjectBuilder: \(language) handlers are compiled by compileZig/compileRust")
        }
        return output
    }

    /// True when `output` is missing or older than any input.
    static func stale(_ output: String, inputs: [String]) -> Bool {
        func modified(_ path: String) -> Date? {
            (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        guard let built = modified(output) else { return true }
        return inputs.contains { (modified($0) ?? .distantFuture) > built }
    }
}
