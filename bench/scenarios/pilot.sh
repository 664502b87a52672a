# shellcheck shell=bash
# Scenario "pilot" for bench/run (sourced): bench/pilot/run, the bounded mixed workload of one
# partner tenant among noisy ones against the local platform (scripts/up), reporting SLO
# compliance per tenant (docs/slo.md). Knobs: PILOT_* (see bench/pilot/run); results in
# $results/pilot.json and pilot.txt. A missed objective is reported, not fatal to other scenarios.
scenario_pilot() {
  PILOT_RESULTS="$results" "$root/bench/pilot/run" || log "pilot: the partner missed an objective (see $results/pilot.txt)"
}
