import Bundle
import Foundation
@testable import Runner
import Shared
import TestSupport
import Testing

/// Runner-side limits beside the guest ABI's budgets: the per-(tenant, extension) concurrency
/// cap of one runner process and the operator's fuel ceiling.
@Suite(.serialized, .ownThread) struct RunnerLimitsTests {
    /// A runner with 4 execution slots of which one (tenant, extension) may hold 1, and the
    /// fault-loop and hello-c modules in its store.
    static func oneSlotPerExtension() async throws -> (InProcessRunner, loop: ContentHash, hello: ContentHash) {
        let runner = try InProcessRunner { s in
            s.concurrency = 4
            s.extensionConcurrency = 1
        }
        return (runner, try await runner.store("fault-loop"), try await runner.store("hello-c"))
    }

    static func request(_ hash: ContentHash, tenant: String, ext: String, timeoutMs: Int) -> ExecuteRequest {
        Probe.request(hash, commands: [], grants: [], tenant: tenant, extensionID: ext, timeoutMs: timeoutMs)
    }

    @Test func testExtensionConcurrency_whenOneExtensionHoldsItsSlots_othersStillRun() async throws {
        let (runner, loop, hello) = try await Self.oneSlotPerExtension()
        let busy = Task { await runner.execute(Self.request(loop, tenant: "t1", ext: "com.acme.slow", timeoutMs: 1500)) }
        #expect(await eventually { runner.runner.execute.extensionAdmission.inUse(.init(tenant: "t1", extensionID: "com.acme.slow")) == 1 })
        let refused = await runner.execute(Self.request(hello, tenant: "t1", ext: "com.acme.slow", timeoutMs: 2000))
        #expect(refused.errorCode == .overloaded && refused.httpStatus == 503, "\(refused.response)")
        #expect(refused.response.error?.message.contains("of this extension are running for this tenant") == true)
        let otherTenant = await runner.execute(Self.request(hello, tenant: "t2", ext: "com.acme.slow", timeoutMs: 2000))
        let otherExtension = await runner.execute(Self.request(hello, tenant: "t1", ext: "com.acme.fast", timeoutMs: 2000))
        #expect(otherTenant.errorCode == nil && otherExtension.errorCode == nil)
        #expect(await busy.value.errorCode == .timeout)
        #expect(await runner.execute(Self.request(hello, tenant: "t1", ext: "com.acme.slow", timeoutMs: 2000)).errorCode == nil,
                "the slot is free again")
        await runner.close()
    }

    @Test func testExtensionConcurrency_whenRunOnThePoolThread_isCappedAsOnTheAsyncPath() async throws {
        let (runner, loop, hello) = try await Self.oneSlotPerExtension()
        // Load both modules, so that executeNow runs them instead of deferring to execute.
        #expect(await runner.execute(Self.request(hello, tenant: "t0", ext: "com.acme.warm", timeoutMs: 2000)).errorCode == nil)
        #expect(await runner.execute(Self.request(loop, tenant: "t0", ext: "com.acme.warm", timeoutMs: 50)).errorCode == .timeout)
        let slow = ExtensionAdmission.Key(tenant: "t1", extensionID: "com.acme.slow")
        let busy = Task { try await runner.executeNow(Self.request(loop, tenant: "t1", ext: "com.acme.slow", timeoutMs: 1500)) }
        #expect(await eventually { runner.runner.execute.extensionAdmission.inUse(slow) == 1 })
        let refused = try #require(try await runner.executeNow(Self.request(hello, tenant: "t1", ext: "com.acme.slow", timeoutMs: 2000)))
        #expect(refused.errorCode == .overloaded && refused.httpStatus == 503, "\(refused.response)")
        #expect(refused.response.error?.message.contains("of this extension are running for this tenant") == true)
        let viaAsync = await runner.execute(Self.request(hello, tenant: "t1", ext: "com.acme.slow", timeoutMs: 2000))
        #expect(viaAsync.errorCode == .overloaded, "one cap for both paths: \(viaAsync.response)")
        let otherTenant = try await runner.executeNow(Self.request(hello, tenant: "t2", ext: "com.acme.slow", timeoutMs: 2000))
        let otherExtension = try await runner.executeNow(Self.request(hello, tenant: "t1", ext: "com.acme.fast", timeoutMs: 2000))
        #expect(otherTenant != nil && otherTenant?.errorCode == nil && otherExtension?.errorCode == nil)
        #expect(try await busy.value?.errorCode == .timeout)
        #expect(runner.runner.execute.extensionAdmission.inUse(slow) == 0)
        #expect(try await runner.executeNow(Self.request(hello, tenant: "t1", ext: "com.acme.slow", timeoutMs: 2000))?.errorCode == nil,
                "the slot is free again")
        await runner.close()
    }

    @Test func testFuelCeiling_whenRequestAsksForNoneOrMore_isClampedToTheOperatorMaximum() async throws {
        let runner = try InProcessRunner { s in s.maxFuel = 2_000_000 }
        let burner = try await runner.store("fault-fuel-burner")
        func request(fuel: UInt64?) -> ExecuteRequest {
            var r = Probe.request(burner, commands: ["100000000"], grants: [])
            r.limits.fuel = fuel
            return r
        }
        let unbounded = await runner.execute(request(fuel: nil))
        #expect(unbounded.errorCode == .fuelExhausted, "\(unbounded.response)")
        #expect(unbounded.usage.fuelUsed <= 2_000_000)
        let greedy = await runner.execute(request(fuel: 1_000_000_000))
        #expect(greedy.errorCode == .fuelExhausted && greedy.usage.fuelUsed <= 2_000_000)
        let small = await runner.execute(request(fuel: 1000))
        #expect(small.errorCode == .fuelExhausted && small.usage.fuelUsed <= 1000)
        var settings = ExecutionSettings()
        settings.maxFuel = 10
        settings.fuelMetering = false
        #expect(settings.effectiveFuel(nil) == nil, "without metering nothing is set")
        await runner.close()
    }

    @Test func testSettings_whenReadFromTheEnvironment_validateRangesAndNameTheVariable() throws {
        let env = Environment(["RUNNER_CONCURRENCY": "8", "RUNNER_EXTENSION_CONCURRENCY": "3", "RUNNER_FUEL_MAX": "5000",
                               "RUNNER_EGRESS_ALLOW_LOOPBACK": "true", "RUNNER_EGRESS_STATIC_HOSTS": "api.test=127.0.0.1|::1,x.test=10.0.0.1",
                               "REGISTRY_TOKEN_FILE": "/run/secrets/registry-token"])
        let config = try RunnerConfig(environment: env)
        #expect(config.execution.effectiveExtensionConcurrency == 3 && config.execution.maxFuel == 5000)
        #expect(config.execution.capabilities.egressAllowLoopback)
        #expect(config.execution.capabilities.egressStaticHosts == ["api.test": ["127.0.0.1", "::1"], "x.test": ["10.0.0.1"]])
        #expect(config.execution.capabilities.registryTokenFile == "/run/secrets/registry-token")
        #expect(config.execution.capabilities.registryURL == "http://127.0.0.1:8081")
        #expect(ExecutionSettings().effectiveExtensionConcurrency == ExecutionSettings().concurrency)
        for (name, value) in [("RUNNER_EXTENSION_CONCURRENCY", "9"), ("RUNNER_EXTENSION_CONCURRENCY", "0"), ("RUNNER_FUEL_MAX", "0"),
                              ("RUNNER_EGRESS_STATIC_HOSTS", "api.test=not-an-ip"), ("RUNNER_EGRESS_STATIC_HOSTS", "=127.0.0.1"),
                              ("RUNNER_REGISTRY_TIMEOUT_MS", "5")] {
            var values = ["RUNNER_CONCURRENCY": "8"]
            values[name] = value
            #expect(throws: ConfigError.self, "\(name)=\(value)") { _ = try RunnerConfig(environment: Environment(values)) }
            do {
                _ = try RunnerConfig(environment: Environment(values))
            } catch {
                #expect(error.variable == name)
            }
        }
    }
}
