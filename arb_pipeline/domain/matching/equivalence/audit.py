"""What a comparison of two propositions leaves: the reasons, the certainty, the parts it could not
settle, and the verdict (which Polymarket token pays on Kalshi YES)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property


# How much a part that cannot be settled lowers the certainty: one such part keeps a pair below the
# default auto-approve threshold of 0.9.
UNSTATED = 0.85
# The markets' rules read differently (the question and the rules of one market disagree): a
# human must look.
CONTRADICTION = 0.6
# Equal only on a publication grid neither market's rules state (the measure's usual grid is
# assumed): close to certain, still said in the reasons.
ASSUMED_GRID = 0.97
# Leagues where a game can end level: NO then also covers the draw on one venue while the other
# may split or void; the reasons say so.
TIE_POSSIBLE = 0.96
# The venues settle a contest that is not played (cancelled, abandoned, put off) apart: neither
# question is decided then, and stakes come back in different shares; the reasons say so.
UNPLAYED_RULES = 0.98


@dataclass
class Audit:
    # A reason is a string, or a function that writes it: most candidate pairs of a catalog are
    # rejected rungs of one ladder, and only the few kept for review are ever read.
    reasons: list[str | Callable[[], str]] = field(default_factory=list)
    certainty: float = 1.0
    rejected: bool = False
    unsettled: list[str] = field(default_factory=list)
    opposite: bool = False  # the statements are each other's NO ("remains" / "leaves")
    # The opposites are a state that does not come back once it ends (an office held, a person
    # held): its value on a day is then the NO of its end by that day, not only through it.
    lasting: bool = False
    # One market pays if a level is touched in the window, the other if the value stays on the
    # other side all along: each is the NO of the other when their ranges are complements.
    path_opposed: bool = False
    # A word that may make one statement the other's NO is left unexplained: no token is proposed.
    polarity_unsettled: bool = False

    def verified(self, reason: str) -> None:
        self.reasons.append(reason)

    def unverified(self, part: str, reason: str, factor: float = UNSTATED) -> None:
        """A part that cannot be settled: the pair waits for a human, the reason names the part."""
        self.reasons.append(reason)
        self.unsettled.append(part)
        self.certainty *= factor

    def assumed(self, reason: str, factor: float) -> None:
        """Close to certain, but resting on something neither market states."""
        self.reasons.append(reason)
        self.certainty *= factor

    def add(self, notes: Audit) -> None:
        """What another audit of one part found, after this audit's own reasons."""
        self.reasons.extend(notes.reasons)
        self.unsettled.extend(notes.unsettled)
        self.certainty *= notes.certainty
        self.rejected = self.rejected or notes.rejected

    def reject(self, reason: str | Callable[[], str]) -> None:
        self.rejected = True
        self.reasons.append(f"REJECT: {reason}" if isinstance(reason, str) else lambda: f"REJECT: {reason()}")


@dataclass(frozen=True)
class Verdict:
    """``yes_token`` pays when the Kalshi market resolves YES, ``no_token`` when it resolves NO.
    ``understood`` is False when either market could not be read: no token is then mapped.
    ``unsettled`` names the parts that keep the pair in review."""

    yes_token: str | None
    no_token: str | None
    certainty: float
    written: tuple[str | Callable[[], str], ...]
    rejected: bool
    understood: bool = True
    unsettled: tuple[str, ...] = ()

    @cached_property
    def reasons(self) -> tuple[str, ...]:
        return tuple(r if isinstance(r, str) else r() for r in self.written)

    @property
    def mapped(self) -> bool:
        return self.yes_token is not None and self.no_token is not None and not self.rejected

    @property
    def agrees(self) -> bool:
        """Every part verified: the pair may be approved."""
        return self.mapped and not self.unsettled
