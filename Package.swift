// swift-tools-version: 6.1
// The Alga extension platform: four separately deployed services over shared libraries.
// No package dependencies: C libraries come from Debian, Wasmtime from the pinned PyPI wheel
// (installed by scripts/bootstrap into .deps/wasmtime/lib).
import PackageDescription

let root = Context.packageDirectory
let wasmtimeLib = "\(root)/.deps/wasmtime/lib"

/// Settings every Swift target shares. `EXTENSIONS` is the build-time switch (the seed's
/// "enterprise builds only"): without the trait, extension routes are not compiled in.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .define("EXTENSIONS", .when(traits: ["Extensions"])),
]

/// Binaries find libwasmtime.so next to the checkout (development, tests) or in ../lib (rootfs images).
let wasmtimeRpath: [LinkerSetting] = [
    .unsafeFlags(["-L\(wasmtimeLib)", "-Xlinker", "-rpath", "-Xlinker", wasmtimeLib,
                  "-Xlinker", "-rpath", "-Xlinker", "$ORIGIN/../lib"]),
]

func library(_ name: String, path: String, deps: [Target.Dependency], linker: [LinkerSetting] = []) -> Target {
    .target(name: name, dependencies: deps, path: path, swiftSettings: swiftSettings, linkerSettings: linker)
}

func service(_ exe: String, lib: String, deps: [Target.Dependency]) -> [Target] {
    [
        .target(name: lib, dependencies: deps + ["ServiceKit"], path: "Services/\(exe)/Sources/\(lib)",
                swiftSettings: swiftSettings),
        .executableTarget(name: exe, dependencies: [.target(name: lib), "Shared", "HTTPCore", "ServiceKit"],
                          path: "Services/\(exe)/Sources/\(exe)", swiftSettings: swiftSettings,
                          linkerSettings: wasmtimeRpath),
    ]
}

func cShim(_ name: String, links: [String], extra: [LinkerSetting] = []) -> Target {
    .target(name: name, path: "Libraries/\(name)",
            cSettings: [.unsafeFlags(["-Wall", "-Werror"])],
            linkerSettings: links.map { .linkedLibrary($0) } + extra)
}

let package = Package(
    name: "alga-ext",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "registry-svc", targets: ["registry-svc"]),
        .executable(name: "gateway-svc", targets: ["gateway-svc"]),
        .executable(name: "runner-svc", targets: ["runner-svc"]),
        .executable(name: "assets-svc", targets: ["assets-svc"]),
        .executable(name: "extctl", targets: ["extctl"]),
    ],
    traits: [
        .trait(name: "Extensions", description: "Compile the extension routes and runtime (enterprise builds)."),
        .default(enabledTraits: ["Extensions"]),
    ],
    targets: [
        // C shims: one per C library; shim.c holds typed wrappers for what Swift cannot call.
        cShim("CMicroHTTPD", links: ["microhttpd"]),
        cShim("CCurl", links: ["curl"]),
        cShim("COpenSSL", links: ["ssl", "crypto"]),
        cShim("CPostgres", links: ["pq"]),
        cShim("CArchive", links: ["archive", "zstd"]),
        cShim("CWasmtime", links: ["wasmtime"], extra: wasmtimeRpath),

        // Libraries
        library("Shared", path: "Libraries/Shared", deps: ["COpenSSL"]),
        library("HTTPCore", path: "Libraries/HTTPCore", deps: ["Shared", "CMicroHTTPD", "CCurl"]),
        library("WasmHost", path: "Libraries/WasmHost", deps: ["Shared", "CWasmtime"]),
        library("ObjectStore", path: "Libraries/ObjectStore", deps: ["Shared", "HTTPCore"]),
        library("Bundle", path: "Libraries/Bundle", deps: ["Shared", "ObjectStore", "CArchive", "COpenSSL"]),
        library("Postgres", path: "Libraries/Postgres", deps: ["Shared", "CPostgres"]),
        // What every service process shares: common settings, readiness checks, start-up.
        library("ServiceKit", path: "Services/service-kit/Sources/ServiceKit", deps: ["Shared", "HTTPCore", "ObjectStore"]),
    ]
    + service("registry-svc", lib: "Registry", deps: ["Shared", "HTTPCore", "Bundle", "ObjectStore", "Postgres", "COpenSSL"])
    + [
        // Publish compiles handler modules in this child process, never in the registry itself.
        .executableTarget(name: "wasm-compile-check", dependencies: ["WasmHost", "Shared"],
                          path: "Services/registry-svc/Sources/wasm-compile-check", swiftSettings: swiftSettings,
                          linkerSettings: wasmtimeRpath),
    ]
    + service("gateway-svc", lib: "Gateway", deps: ["Shared", "HTTPCore", "Postgres"])
    + service("runner-svc", lib: "Runner", deps: ["Shared", "HTTPCore", "WasmHost", "Bundle", "ObjectStore"])
    + service("assets-svc", lib: "Assets", deps: ["Shared", "HTTPCore", "Bundle", "ObjectStore"])
    + [
        // extctl: the developer CLI; its logic lives in the Extctl library so tests can call it.
        .target(name: "Extctl", dependencies: ["Shared", "HTTPCore", "Bundle", "ObjectStore"], path: "Tools/extctl/Sources/Extctl",
                swiftSettings: swiftSettings),
        .executableTarget(name: "extctl", dependencies: ["Extctl"], path: "Tools/extctl/Sources/extctl",
                          swiftSettings: swiftSettings),
        .executableTarget(name: "bench-codec", dependencies: ["Shared"], path: "Tools/bench-codec",
                          exclude: ["c-libraries"], swiftSettings: swiftSettings),
        .executableTarget(name: "httpcore-probe", dependencies: ["HTTPCore", "Shared"],
                          path: "Tools/httpcore-probe", swiftSettings: swiftSettings),
        // `.ownThread`: runs a suite's tests off Swift's cooperative pool; every test target uses it.
        // Also the raw HTTP client and the scratch database several test targets share.
        .target(name: "TestSupport", dependencies: ["Postgres", "Shared"], path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "SharedTests", dependencies: ["Shared", "TestSupport"], path: "Tests/SharedTests",
                    swiftSettings: swiftSettings),
        .testTarget(name: "HTTPCoreTests", dependencies: ["HTTPCore", "Shared", "TestSupport"], path: "Tests/HTTPCoreTests",
                    swiftSettings: swiftSettings),
        .testTarget(name: "WasmHostTests", dependencies: ["WasmHost", "CWasmtime", "Shared", "TestSupport"],
                    path: "Tests/WasmHostTests", swiftSettings: swiftSettings, linkerSettings: wasmtimeRpath),
        // Archive and Wasm builders and the hostile-bundle corpus, shared by BundleTests and RegistryTests.
        .target(name: "BundleTestSupport", dependencies: ["Bundle", "Shared", "CArchive"], path: "Tests/BundleTestSupport",
                swiftSettings: swiftSettings),
        .testTarget(name: "BundleTests", dependencies: ["Bundle", "Shared", "ObjectStore", "CArchive", "BundleTestSupport", "TestSupport"],
                    path: "Tests/BundleTests", swiftSettings: swiftSettings),
        .testTarget(name: "ObjectStoreTests", dependencies: ["ObjectStore", "Shared", "HTTPCore", "TestSupport"],
                    path: "Tests/ObjectStoreTests", swiftSettings: swiftSettings),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "WasmHost", "Bundle", "ObjectStore", "Shared", "HTTPCore", "TestSupport"],
                    path: "Tests/RunnerTests", swiftSettings: swiftSettings, linkerSettings: wasmtimeRpath),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "Bundle", "ObjectStore", "Postgres", "Shared", "HTTPCore",
                                                          "ServiceKit", "WasmHost", "BundleTestSupport", "wasm-compile-check", "TestSupport"],
                    path: "Tests/RegistryTests", swiftSettings: swiftSettings, linkerSettings: wasmtimeRpath),
        .testTarget(name: "AssetsTests", dependencies: ["Assets", "Bundle", "ObjectStore", "HTTPCore", "ServiceKit", "Shared", "TestSupport"],
                    path: "Tests/AssetsTests", exclude: ["Browser"], swiftSettings: swiftSettings),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "Shared", "HTTPCore", "ServiceKit", "Postgres", "TestSupport"],
                    path: "Tests/GatewayTests", swiftSettings: swiftSettings),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "Shared", "TestSupport"], path: "Tests/PostgresTests",
                    swiftSettings: swiftSettings),
        .testTarget(name: "ExtctlTests", dependencies: ["Extctl", "extctl", "Shared", "Bundle", "Postgres", "HTTPCore", "TestSupport"],
                    path: "Tests/ExtctlTests", swiftSettings: swiftSettings),
        .testTarget(name: "IntegrationTests",
                    dependencies: ["Shared", "HTTPCore", "ServiceKit", "Registry", "Gateway", "Runner", "Assets",
                                   "Postgres", "Bundle", "ObjectStore", "WasmHost", "TestSupport"],
                    path: "Tests/IntegrationTests", exclude: ["Browser"], swiftSettings: swiftSettings,
                    linkerSettings: wasmtimeRpath),
        // Capabilities end to end: egress policy, secrets, storage, grants, rotation (issue 9).
        .testTarget(name: "CapabilityTests",
                    dependencies: ["Runner", "Registry", "HTTPCore", "ServiceKit", "Shared", "Bundle", "ObjectStore", "Postgres",
                                   "WasmHost", "wasm-compile-check", "registry-svc", "TestSupport"],
                    path: "Tests/CapabilityTests", swiftSettings: swiftSettings, linkerSettings: wasmtimeRpath),
    ]
)
