import Testing

/// Black-box tests: they launch the built executables on free ports and talk to them over
/// TCP. Serialized, so timing-sensitive checks (the 50 ms fast-route bound) do not compete
/// with each other for the two cores.
@Suite(.serialized) enum BlackBox {}
