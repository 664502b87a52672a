import Foundation

/// The newest modification time and the file count under a project's sources (manifest.json,
/// handler/, ui/): a change in either means "rebuild".
enum DevWatcher {
    static func stamp(_ project: String) -> [Double] {
        var newest = 0.0
        var count = 0.0
        let fm = FileManager.default
        func visit(_ path: String) {
            if let date = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date {
                newest = max(newest, date.timeIntervalSince1970)
                count += 1
            }
        }
        visit(project + "/manifest.json")
        for dir in ["handler", "ui"] {
            visit(project + "/" + dir)
            for name in fm.enumerator(atPath: project + "/" + dir)?.compactMap({ $0 as? String }) ?? [] {
                visit(project + "/" + dir + "/" + name)
            }
        }
        return [newest, count]
    }
}
