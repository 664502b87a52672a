import Shared

extension ServiceClient {
    /// A listing's rows: `GET path?query&cursor=…` page after page (`{items, next_cursor}`),
    /// starting after `cursor` if given, while `follow` and at most `maxPages` pages; `progress`
    /// hears about every page after the first. Returns the rows and the cursor of what is left.
    func pages(_ path: String, query: [(String, String)], cursor start: String? = nil, follow: Bool, maxPages: Int,
               progress: (_ pages: Int, _ rows: Int) -> Void = { _, _ in }) async throws -> (items: [JSONValue], next: String?) {
        var items: [JSONValue] = []
        var cursor = start
        var pages = 0
        repeat {
            var q = query
            if let cursor { q.append(("cursor", cursor)) }
            let target = path + (q.isEmpty ? "" : "?" + q.map { "\($0.0)=\(Endpoints.segment($0.1))" }.joined(separator: "&"))
            let reply = try await send("GET", target)
            guard let page = reply.json, case .array(let rows)? = page["items"] else {
                throw ReportedFailure(status: .remoteError, message: "GET \(target): the answer has no items array")
            }
            items += rows
            cursor = page["next_cursor"]?.stringValue
            pages += 1
            if pages > 1 { progress(pages, items.count) }
        } while follow && cursor != nil && pages < maxPages
        return (items, cursor)
    }
}
