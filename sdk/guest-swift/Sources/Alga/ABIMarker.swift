/// The `alga_abi_v1` export: declares that the module speaks wasm@1. The host never calls it;
/// linking the SDK is enough to export it.
@_expose(wasm, "alga_abi_v1")
@_cdecl("alga_abi_v1")
public func algaABIVersion1() {}
