extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP "optional whitespace").
    func trimmingOWS() -> String {
        let isOWS: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isOWS($0) }), let end = lastIndex(where: { !isOWS($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
