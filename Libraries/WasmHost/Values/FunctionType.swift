/// The parameter and result types of a function.
public struct FunctionType: Sendable, Hashable, CustomStringConvertible {
    public var params: [ValueType]
    public var results: [ValueType]

    public init(params: [ValueType], results: [ValueType]) {
        self.params = params
        self.results = results
    }

    /// Whether every parameter and result is numeric, i.e. callable through `Func.call`.
    public var isNumeric: Bool { params.allSatisfy(\.isNumeric) && results.allSatisfy(\.isNumeric) }

    public var description: String {
        "(\(params.map(\.description).joined(separator: ", "))) -> (\(results.map(\.description).joined(separator: ", ")))"
    }
}
