import Testing

/// Tests that run the built `extctl` binary. Serialized: builds compete for the two cores.
@Suite(.serialized) enum ExtctlBlackBox {}
