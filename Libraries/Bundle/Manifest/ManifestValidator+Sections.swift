/// Readers for the structured sections of a manifest.
extension ManifestValidator {
    static func readCapabilities(_ value: StrictJSONValue, _ r: inout ManifestReader) -> [Capability]? {
        let path = FieldPath.root.appending("capabilities")
        guard let items = r.array(value, at: path, maxItems: Int.max) else { return nil }
        var out: [Capability] = []
        var ok = true
        for (i, item) in items.enumerated() {
            guard let c = item.stringValue.flatMap(Capability.init(rawValue:)) else {
                r.issue(path.appending(i), "must be one of: " + Capability.allCases.map(\.rawValue).joined(separator: ", "))
                ok = false
                continue
            }
            out.append(c)
        }
        ok = r.unique(items, at: path) && ok
        return ok ? out : nil
    }

    static func readAPI(_ value: StrictJSONValue, _ r: inout ManifestReader) -> [ManifestEndpoint]? {
        let path = FieldPath.root.appending("api")
        guard let api = r.object(value, at: path, known: ["endpoints"], required: ["endpoints"]),
              let list = api["endpoints"] else { return nil }
        let listPath = path.appending("endpoints")
        guard let items = r.array(list, at: listPath, minItems: 1, maxItems: 256) else { return nil }
        var out: [ManifestEndpoint] = []
        var ok = true
        var shapes: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            let at = listPath.appending(i)
            guard let e = r.object(item, at: at, known: ["method", "path", "handler"],
                                   required: ["method", "path", "handler"]) else { ok = false; continue }
            let method = e["method"].flatMap { v -> EndpointMethod? in
                guard let m = v.stringValue.flatMap(EndpointMethod.init(rawValue:)) else {
                    r.issue(at.appending("method"), "must be one of GET, POST, PUT, PATCH, DELETE")
                    return nil
                }
                return m
            }
            let template = e["path"].flatMap {
                r.string($0, at: at.appending("path"), maxLength: 256, pattern: ManifestPatterns.endpointPath,
                         rule: "must be '/' or '/'-separated segments, each a literal of [A-Za-z0-9._~-] "
                             + "not starting with '.' or a ':param' name of [a-z0-9_]")
            }.map(EndpointPathTemplate.init(validated:))
            let handler = e["handler"].flatMap { readHandler($0, at: at.appending("handler"), &r) }
            guard let method, let template, let handler, e.keys.count == 3 else { ok = false; continue }
            // Rules JSON Schema cannot express (docs/manifest.md lists them).
            let names = template.parameterNames
            if let dup = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) }) {
                r.issue(at.appending("path"), "parameter name ':\(dup.element)' is used twice")
                ok = false
                continue
            }
            let key = method.rawValue + " " + template.shape
            if let j = shapes[key] {
                r.issue(at.appending("path"), "matches the same requests as \(listPath.appending(j)) (\(method.rawValue))")
                ok = false
                continue
            }
            shapes[key] = i
            out.append(ManifestEndpoint(method: method, path: template, handler: handler))
        }
        return ok ? out : nil
    }

    static func readHandler(_ value: StrictJSONValue, at path: FieldPath, _ r: inout ManifestReader) -> String? {
        r.string(value, at: path, pattern: ManifestPatterns.handler,
                 rule: "must be 1–128 characters of [A-Za-z0-9_.:-] starting with a letter or '_'")
    }

    static func readUI(_ value: StrictJSONValue, _ r: inout ManifestReader) -> ManifestUI? {
        let path = FieldPath.root.appending("ui")
        guard let ui = r.object(value, at: path, known: ["type", "entry", "hooks"], required: ["type", "entry"]) else {
            return nil
        }
        var ok = true
        if let type = ui["type"], type != .string("iframe") {
            r.issue(path.appending("type"), "must be \"iframe\"")
            ok = false
        }
        let entry = ui["entry"].flatMap {
            r.string($0, at: path.appending("entry"), maxLength: 255, pattern: ManifestPatterns.uiEntry,
                     rule: "must be a bundle path under ui/ ending in .html (e.g. ui/index.html)")
        }
        var labels: [String: String] = [:]
        if let hooksValue = ui["hooks"] {
            let hooksPath = path.appending("hooks")
            if let hooks = r.object(hooksValue, at: hooksPath, known: ["appMenu", "clientPortalMenu"]) {
                for key in ["appMenu", "clientPortalMenu"] {
                    guard let hook = hooks[key] else { continue }
                    let hookPath = hooksPath.appending(key)
                    guard let h = r.object(hook, at: hookPath, known: ["label"], required: ["label"]),
                          let labelValue = h["label"],
                          let label = r.string(labelValue, at: hookPath.appending("label"), maxLength: 64,
                                               pattern: ManifestPatterns.menuLabel,
                                               rule: "must be 1–64 characters, not blank, without control characters"),
                          h.keys.count == 1 else { ok = false; continue }
                    labels[key] = label
                }
                if hooks.keys.contains(where: { $0 != "appMenu" && $0 != "clientPortalMenu" }) { ok = false }
            } else {
                ok = false
            }
        }
        guard ok, let entry, ui.keys.allSatisfy(["type", "entry", "hooks"].contains) else { return nil }
        return ManifestUI(entry: entry, appMenuLabel: labels["appMenu"], clientPortalMenuLabel: labels["clientPortalMenu"])
    }

    static func readEvents(_ value: StrictJSONValue, _ r: inout ManifestReader) -> [ManifestEvent]? {
        let path = FieldPath.root.appending("events")
        guard let items = r.array(value, at: path, minItems: 1, maxItems: 64) else { return nil }
        var out: [ManifestEvent] = []
        var ok = true
        for (i, item) in items.enumerated() {
            let at = path.appending(i)
            guard let e = r.object(item, at: at, known: ["topic", "handler"], required: ["topic", "handler"]) else {
                ok = false
                continue
            }
            let topic = e["topic"].flatMap {
                r.string($0, at: at.appending("topic"), maxLength: 128, pattern: ManifestPatterns.eventTopic,
                         rule: "must be dot-separated lowercase words with at least two parts (e.g. ticket.created)")
            }
            let handler = e["handler"].flatMap { readHandler($0, at: at.appending("handler"), &r) }
            guard let topic, let handler, e.keys.count == 2 else { ok = false; continue }
            out.append(ManifestEvent(topic: topic, handler: handler))
        }
        ok = r.unique(items, at: path) && ok
        return ok ? out : nil
    }

    static func readPrecompiled(_ value: StrictJSONValue, _ r: inout ManifestReader) -> [String: String]? {
        let path = FieldPath.root.appending("precompiled")
        guard let obj = value.objectValue else {
            r.issue(path, "must be an object")
            return nil
        }
        guard obj.keys.count <= 16 else {
            r.issue(path, "must have at most 16 entries")
            return nil
        }
        var out: [String: String] = [:]
        var ok = true
        for key in obj.keys {
            let at = path.appending(key)
            guard key.unicodeScalars.count <= 64, ManifestPatterns.matches(ManifestPatterns.targetTriple, key) else {
                r.issue(at, "must be keyed by a lowercase target triple such as x86_64-unknown-linux-gnu")
                ok = false
                continue
            }
            guard let file = obj[key].flatMap({
                r.string($0, at: at, maxLength: 255, pattern: ManifestPatterns.precompiledPath,
                         rule: "must be a bundle path precompiled/<name>.cwasm")
            }) else { ok = false; continue }
            out[key] = file
        }
        return ok ? out : nil
    }

    static func readAssets(_ value: StrictJSONValue, _ r: inout ManifestReader) -> [String]? {
        let path = FieldPath.root.appending("assets")
        guard let items = r.array(value, at: path, maxItems: 64) else { return nil }
        var out: [String] = []
        var ok = true
        for (i, item) in items.enumerated() {
            guard let glob = r.string(item, at: path.appending(i), maxLength: 255, pattern: ManifestPatterns.assetGlob,
                                      rule: "must be a glob under ui/ of [A-Za-z0-9._~+@-] names with * and ?, "
                                          + "no segment starting with '.'") else { ok = false; continue }
            out.append(glob)
        }
        ok = r.unique(items, at: path) && ok
        return ok ? out : nil
    }
}
