"""A local exchange speaking Kalshi-, Polymarket- and Odds-API-compatible REST and WebSocket on
loopback, from a seeded deterministic scenario. What the demo, the tests and benchmarks run on."""
