"""The sandbox's simulated world: what the venues list, how their books move, and the ground
truth (true pairs, look-alikes, planted arbitrage) the rest of the pipeline is tested against."""

from arb_pipeline.sandbox.scenario.world import SandboxScenario, build_scenario

__all__ = ["SandboxScenario", "build_scenario"]
