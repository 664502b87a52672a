// Bundle: see docs/architecture.md
