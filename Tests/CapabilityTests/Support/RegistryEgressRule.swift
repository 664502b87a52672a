@testable import Registry

/// The registry's allowlist validator, named apart from the runner's rule.
typealias RegistryEgressRule = EgressRule
