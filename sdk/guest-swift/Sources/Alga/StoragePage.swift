/// One page of a storage listing: keys in byte order and the cursor of the next page.
public struct StoragePage {
    public struct Item {
        public let key: String
        public let revision: UInt64
        public let size: Int
    }

    public let items: [Item]
    /// Pass to the next `Storage.list` call; nil on the last page.
    public let nextCursor: String?

    init(json: JSONValue) {
        var items: [Item] = []
        for item in json["items"]?.arrayValue ?? [] {
            guard let key = item["key"]?.stringValue else { continue }
            let revision = UInt64(truncatingIfNeeded: item["revision"]?.int64Value ?? 0)
            items.append(Item(key: key, revision: revision, size: Int(item["size"]?.int64Value ?? 0)))
        }
        self.items = items
        nextCursor = json["next_cursor"]?.stringValue
    }
}
