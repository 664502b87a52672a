import Foundation
import Shared

extension AlgaManifestMigrator {
    static let hooks = ["appMenu", "clientPortalMenu"]

    /// `ui`: an iframe with its entry under ui/ and the two menu hooks; `routes` and other fields go.
    mutating func ui(_ value: JSONValue) -> JSONValue? {
        guard let ui = value.objectValue else { note(.unconvertible, "ui", "must be an object (dropped)"); return nil }
        var output = JSONObject()
        let type = ui["type"]?.stringValue
        if type != "iframe" {
            note(.unconvertible, "ui.type", "\(type.map(Self.quote) ?? "missing"): only iframe UIs exist here (ui dropped)")
            return nil
        }
        output["type"] = "iframe"
        guard var entry = ui["entry"]?.stringValue else {
            note(.unconvertible, "ui.entry", "missing; name the iframe document, e.g. ui/index.html (ui dropped)")
            return nil
        }
        let raw = entry
        while entry.hasPrefix("./") || entry.hasPrefix("/") { entry.removeFirst(entry.hasPrefix("/") ? 1 : 2) }
        if !Self.matches(entry, ManifestRules.uiEntry) {
            note(.unconvertible, "ui.entry", "\(Self.quote(raw)) must be an .html file under ui/ (kept; move the document)")
        } else if entry != raw {
            note(.changed, "ui.entry", "\(Self.quote(raw)) -> \(Self.quote(entry))")
        }
        output["entry"] = .string(entry)
        if let hooks = ui["hooks"] { output["hooks"] = self.hooks(hooks) }
        if output["hooks"] == .object(JSONObject()) { output["hooks"] = nil }
        for (key, _) in ui where !["type", "entry", "hooks"].contains(key) {
            if key == "routes" {
                note(.removed, "ui.routes", "not a field here: navigation inside the iframe is client-side (ext.navigate, deep-link)")
            } else {
                note(.unconvertible, "ui.\(key)", "unknown field with no equivalent (dropped)")
            }
        }
        return .object(output)
    }

    mutating func hooks(_ value: JSONValue) -> JSONValue {
        guard let hooks = value.objectValue else { note(.unconvertible, "ui.hooks", "must be an object (dropped)"); return .object([:]) }
        var output = JSONObject()
        for (key, hook) in hooks {
            let field = "ui.hooks.\(key)"
            guard Self.hooks.contains(key) else {
                note(.unconvertible, field, "no such hook here (only appMenu and clientPortalMenu; dropped)")
                continue
            }
            guard let label = hook["label"]?.stringValue else {
                note(.unconvertible, field + ".label", "missing (hook dropped)")
                continue
            }
            let trimmed = label.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed != label { note(.changed, field + ".label", "surrounding whitespace removed") }
            if let extra = hook.objectValue?.keys.filter({ $0 != "label" }), !extra.isEmpty {
                note(.unconvertible, field, "fields \(extra.joined(separator: ", ")) have no equivalent (dropped)")
            }
            output[key] = ["label": .string(trimmed)]
        }
        return .object(output)
    }
}
