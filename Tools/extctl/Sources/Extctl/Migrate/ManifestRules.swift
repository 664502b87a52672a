/// The manifest patterns `migrate` needs to repair values before validation (the validator in
/// Libraries/Bundle stays the authority: every result is validated with it).
enum ManifestRules {
    static let name = #"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$"#
    static let pathSegment = #"^(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[a-z_][a-z0-9_]{0,63})$"#
    static let handler = #"^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$"#
    static let uiEntry = #"^ui/(?:[A-Za-z0-9_~+@-][A-Za-z0-9._~+@-]*/)*[A-Za-z0-9_~+@-][A-Za-z0-9._~+@-]*\.html$"#
}
