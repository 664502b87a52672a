import Shared

/// The services' JSON-lines handler. The byte-level renderer and the buffered sink that began
/// here now live in Shared as `JSONLinesLogHandler`, so every `Logger` is cheap; this name is
/// kept for the callers that pick "the fast handler" explicitly. HTTPCore adds the access-log
/// line (`JSONLinesLogHandler+Access.swift`).
public typealias FastJSONLinesLogHandler = JSONLinesLogHandler
