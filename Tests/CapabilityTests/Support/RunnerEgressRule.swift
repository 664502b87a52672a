@testable import Runner

/// The runner's allowlist rule, named apart from the registry's (module `Runner` also has a
/// class `Runner`, so `Runner.EgressRule` does not resolve).
typealias RunnerEgressRule = EgressRule
