// HTTPCore: see docs/architecture.md
