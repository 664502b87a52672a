import Foundation
import Shared

extension AlgaManifestMigrator {
    static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    /// `api.endpoints`: methods upper-cased, paths and handlers in canonical form (Alga normalised
    /// them when persisting; we require the canonical form in the manifest itself).
    mutating func api(_ value: JSONValue) -> JSONValue? {
        guard let api = value.objectValue else { note(.unconvertible, "api", "must be an object"); return nil }
        for (key, _) in api where key != "endpoints" {
            note(.unconvertible, "api.\(key)", "unknown field with no equivalent (dropped)")
        }
        guard let items = api["endpoints"]?.arrayValue else {
            note(.removed, "api", "no endpoints list; an api section without endpoints is not allowed here")
            return nil
        }
        var endpoints: [JSONValue] = []
        var shapes: Set<String> = []
        for (i, item) in items.enumerated() {
            let field = "api.endpoints[\(i)]"
            guard let endpoint = item.objectValue else { note(.unconvertible, field, "not an object (dropped)"); continue }
            for (key, _) in endpoint where !["method", "path", "handler"].contains(key) {
                note(.unconvertible, "\(field).\(key)", "unknown field with no equivalent (dropped)")
            }
            guard let method = self.method(endpoint["method"], field: field + ".method"),
                  let path = self.path(endpoint["path"], field: field + ".path"),
                  let handler = self.handler(endpoint["handler"], field: field + ".handler")
            else { continue }
            let shape = method + " " + path.split(separator: "/").map { $0.hasPrefix(":") ? ":" : String($0) }.joined(separator: "/")
            guard shapes.insert(shape).inserted else {
                note(.unconvertible, field, "\(method) \(path) duplicates an earlier endpoint's method and path (dropped)")
                continue
            }
            endpoints.append(["method": .string(method), "path": .string(path), "handler": .string(handler)])
        }
        guard !endpoints.isEmpty else {
            note(.removed, "api", "no endpoint left; an api section without endpoints is not allowed here")
            return nil
        }
        return ["endpoints": .array(endpoints)]
    }

    mutating func method(_ value: JSONValue?, field: String) -> String? {
        guard let raw = value?.stringValue else { note(.unconvertible, field, "missing (endpoint dropped)"); return nil }
        let method = raw.uppercased()
        guard Self.methods.contains(method) else {
            note(.unconvertible, field, "\(Self.quote(raw)): the gateway routes only GET POST PUT PATCH DELETE (endpoint dropped)")
            return nil
        }
        if method != raw { note(.changed, field, "\(Self.quote(raw)) -> \(Self.quote(method))") }
        return method
    }

    mutating func path(_ value: JSONValue?, field: String) -> String? {
        guard let raw = value?.stringValue else { note(.unconvertible, field, "missing (endpoint dropped)"); return nil }
        var path = raw
        while path.hasPrefix("./") { path.removeFirst(2) }
        while path.contains("//") { path = path.replacingOccurrences(of: "//", with: "/") }
        if !path.hasPrefix("/") { path = "/" + path }
        if path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        for segment in path.split(separator: "/") where !Self.matches(String(segment), ManifestRules.pathSegment) {
            note(.unconvertible, field, "\(Self.quote(raw)): segment \(Self.quote(String(segment))) is neither a literal nor :param "
                 + "(no wildcards here; endpoint dropped)")
            return nil
        }
        if path != raw { note(.changed, field, "\(Self.quote(raw)) -> \(Self.quote(path)) (canonical form)") }
        return path
    }

    /// Handler names were file paths or `file#export` in older Alga manifests; here a handler is a
    /// plain name the guest receives in its request context.
    mutating func handler(_ value: JSONValue?, field: String) -> String? {
        guard let raw = value?.stringValue, !raw.isEmpty else {
            note(.unconvertible, field, "missing (endpoint dropped)")
            return nil
        }
        var name = raw
        if let hash = name.lastIndex(of: "#") { name = String(name[name.index(after: hash)...]) }
        if let slash = name.lastIndex(of: "/") { name = String(name[name.index(after: slash)...]) }
        for suffix in [".js", ".ts", ".mjs", ".wasm"] where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        name = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_.:-".contains($0)) ? $0 : "_" })
        if let first = name.first, !(first.isLetter || first == "_") { name = "_" + name }
        name = String(name.prefix(128))
        guard Self.matches(name, ManifestRules.handler) else {
            note(.unconvertible, field, "\(Self.quote(raw)) gives no usable handler name (endpoint dropped)")
            return nil
        }
        if name != raw {
            note(.changed, field, "\(Self.quote(raw)) -> \(Self.quote(name)) (a plain name passed to the guest, not a file)")
        }
        return name
    }
}
