import Foundation
import Shared

/// Copies a project's ui/ into the bundle with the iframe SDK and the UI kit under ui/vendor/
/// (and React's UMD build when a page refers to vendor/react/), and refuses pages with inline
/// scripts, event-handler or style attributes, which the extension CSP would block in the browser.
struct UIAssembler {
    let source: String
    let target: String
    let sdk: String
    let environment: [String: String]

    static let inlinePattern = #"<script( [^>]*)?>[\s]*[^<\s]|<script>|\son[a-z]+=|\sstyle="#

    func assemble() throws(AppError) {
        try FileIO.copyTree(source, to: target)
        try copyJavaScript(from: sdk + "/extension-iframe-sdk/src", to: target + "/vendor/extension-iframe-sdk/src")
        try copyJavaScript(from: sdk + "/ui-kit/src", to: target + "/vendor/ui-kit/src")
        var needsReact = false
        let pattern: NSRegularExpression
        do { pattern = try NSRegularExpression(pattern: Self.inlinePattern, options: [.caseInsensitive]) } catch {
            preconditionFailure("BUG in UIAssembler: inline pattern does not compile")
        }
        for page in files(under: target).filter({ $0.hasSuffix(".html") }) {
            let text = try FileIO.readText(page)
            if pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                throw AppError(.buildFailed, status: 400,
                               "\(page): inline script, event-handler or style attribute (blocked by the extension CSP; "
                               + "move it into a file under ui/)")
            }
            if text.contains("vendor/react/") { needsReact = true }
        }
        if needsReact {
            let umd = environment["REACT_UMD_DIR"] ?? "/usr/share/nodejs"
            for file in ["react/umd/react.production.min.js", "react-dom/umd/react-dom.production.min.js"] {
                let path = umd + "/" + file
                guard FileIO.exists(path) else {
                    throw AppError(.toolchainMissing, status: 500, "missing \(path) (apt-get install node-react node-react-dom)")
                }
                try FileIO.write(try FileIO.read(path), to: target + "/vendor/react/" + (file as NSString).lastPathComponent)
            }
        }
    }

    private func copyJavaScript(from source: String, to destination: String) throws(AppError) {
        guard FileIO.isDirectory(source) else {
            throw AppError(.toolchainMissing, status: 500, "missing \(source) (set ALGA_SDK to the platform's sdk/ directory)")
        }
        for file in files(under: source) where file.hasSuffix(".js") {
            try FileIO.write(try FileIO.read(file), to: destination + String(file.dropFirst(source.count)))
        }
    }

    private func files(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }.sorted().map { root + "/" + $0 }.filter { !FileIO.isDirectory($0) }
    }
}
