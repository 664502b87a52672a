import Extctl
import Foundation

// extctl: the developer CLI (docs/cli.md). All logic is in the Extctl library.
let status = await ExtctlCLI.run(Array(CommandLine.arguments.dropFirst()))
exit(status)
