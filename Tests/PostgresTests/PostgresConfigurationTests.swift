import Postgres
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct PostgresConfigurationTests {
    @Test func testInit_whenVariablesAreSet_readsThemWithThePrefix() throws {
        let c = try PostgresConfiguration(environment: Environment([
            "GW_DB_URL": "postgresql://alga_gateway:pw@127.0.0.1:5432/alga", "GW_DB_POOL_SIZE": "16",
            "GW_DB_STATEMENT_TIMEOUT_MS": "0", "GW_DB_ACQUIRE_TIMEOUT_MS": "250",
        ]), prefix: "GW_DB")
        #expect(c.maxConnections == 16)
        #expect(c.statementTimeout == nil)
        #expect(c.acquireTimeout == .milliseconds(250))
        #expect(c.connectTimeoutSeconds == 5 && c.applicationName == "alga")
        #expect(c.redactedURL == "postgresql://alga_gateway:***@127.0.0.1:5432/alga")
        #expect(!"\(c)".contains(":pw@"), "printing the configuration must not print the password")
    }

    @Test func testInit_whenURLMissingOrSizeOutOfRange_namesTheVariable() throws {
        #expect(throws: ConfigError(variable: "GW_DB_URL", reason: "is required but not set")) {
            _ = try PostgresConfiguration(environment: Environment([:]), prefix: "GW_DB")
        }
        let error = #expect(throws: ConfigError.self) {
            _ = try PostgresConfiguration(environment: Environment(["GW_DB_URL": "x", "GW_DB_POOL_SIZE": "0"]),
                                          prefix: "GW_DB")
        }
        #expect(error?.variable == "GW_DB_POOL_SIZE")
    }

    @Test func testRedactedURL_whenNoPassword_isUnchanged() {
        #expect(PostgresConfiguration(url: "postgresql://u@h/db").redactedURL == "postgresql://u@h/db")
        #expect(PostgresConfiguration(url: "host=h password=x").redactedURL == "(conninfo)")
    }
}
