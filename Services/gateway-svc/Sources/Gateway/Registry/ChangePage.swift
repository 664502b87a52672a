/// One page of the registry's change feed: the changes, where to continue, and whether to resynchronise.
struct ChangePage: Sendable {
    var changes: [Change]
    var next: Int64
    var resync: Bool
}
