// bench-codec: µs per encode/decode of the execute request and response with the platform codec,
// Foundation's coders and a binary prototype; p50 over many batches. Prints one `name value unit`
// line per measurement. Usage: bench-codec [--quick] [--only NAME_PREFIX] [--print-samples]
// (build with -c release; bench/run calls it)
import Shared

let arguments = CommandLine.arguments
if arguments.contains("--print-samples") {
    print(String(decoding: Samples.request.encoded(), as: UTF8.self))
    print(String(decoding: Samples.response.encoded(), as: UTF8.self))
}
let quick = arguments.contains("--quick")
let only = arguments.firstIndex(of: "--only").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
try CodecBenchmark(rounds: quick ? 21 : 101, batch: quick ? 50 : 200, only: only ?? "").run()
