"""Sportsbook value: Kalshi game contracts against the de-vigged consensus of several sportsbooks,
mapped by teams and start time. One-legged value bets, a signal kind of their own."""
