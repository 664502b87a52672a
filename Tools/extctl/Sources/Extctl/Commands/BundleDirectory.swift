/// Where a project's built bundle lives: `extctl build` writes `<project>/build/bundle`, and
/// pack/validate accept either the project or the bundle directory.
enum BundleDirectory {
    static func resolve(_ path: String) -> String {
        if FileIO.exists(path + "/build/bundle/manifest.json") { return path + "/build/bundle" }
        return path
    }

    static func defaultArchive(for input: String) -> String {
        if FileIO.exists(input + "/build/bundle/manifest.json") { return input + "/build/bundle.tar.zst" }
        return input + ".tar.zst"
    }
}
