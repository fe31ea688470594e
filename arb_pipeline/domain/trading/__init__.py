"""Paper trading: profiles, risk limits, execution, positions, settlement and PnL."""
