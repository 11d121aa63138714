"""Workflows as data: one table of states and transitions per workflow, and one guard that every service uses.

An app describes its workflow once (for example `meldpunt/workflows.py` for referrals, `subsidies/workflows.py`
for applications and reports): which states there are and what each means for its users, and which transitions
lead from where to where, who may take them and what they are called on a timeline. Everything else (the guard
in the services, the tabs of a list, the next step shown to a user, the "still running" statuses of a query) is
derived from that table, so a new state or step is one line, not five edits in five files.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


@dataclass(frozen=True)
class State:
    """One state. `active`: the work still runs (someone has something to do). `tab`: the list it is shown in.
    `next_step`: what the party whose turn it is does next, in words."""

    value: str
    active: bool
    tab: str
    next_step: str | Promise = ""


@dataclass(frozen=True)
class Transition:
    """One step. `sources`: the states it may be taken from (empty: it starts the workflow). `target`: the state
    it leads to (None: the state stays, as a step recorded within a state). `roles`: who may take it (a system
    task, without a user, always may). `label`: the step on a timeline. `refused`: why it cannot be taken from
    another state; `done`, when set, is the more precise message when the object is already in `target`."""

    name: str
    sources: tuple[str, ...]
    target: str | None
    roles: frozenset[str]
    label: str | Promise
    refused: str | Promise = ""
    done: str | Promise | None = None


@dataclass(frozen=True)
class Workflow:
    name: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    _states: dict[str, State] = field(init=False, repr=False, compare=False)
    _transitions: dict[str, Transition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        states = {state.value: state for state in self.states}
        transitions = {transition.name: transition for transition in self.transitions}
        for transition in self.transitions:
            unknown = {*transition.sources, transition.target} - {*states, None}
            if unknown:
                raise ValueError(f"{self.name}: transition {transition.name!r} names unknown states {unknown}")
        object.__setattr__(self, "_states", states)
        object.__setattr__(self, "_transitions", transitions)

    # -- reading the table ------------------------------------------------------------------------------------
    def state(self, value: str) -> State:
        return self._states[value]

    def transition(self, name: str) -> Transition:
        return self._transitions[name]

    @property
    def active_values(self) -> list[str]:
        """The states in which the work still runs, for a query's `status__in`."""
        return [state.value for state in self.states if state.active]

    def tabs(self) -> dict[str, list[str]]:
        """{tab: [state values]}, in the order of the states."""
        tabs: dict[str, list[str]] = {}
        for state in self.states:
            tabs.setdefault(state.tab, []).append(state.value)
        return tabs

    def can(self, name: str, value: str) -> bool:
        """May transition `name` be taken from state `value`?"""
        return value in self._transitions[name].sources

    def available(self, value: str, roles: Iterable[str]) -> list[Transition]:
        """The transitions that these roles may take from state `value`, in the order of the table."""
        wanted = set(roles)
        return [t for t in self.transitions if value in t.sources and t.roles & wanted]

    def step_label(self, name: str) -> str:
        """A transition's words for a timeline; an unknown name (an old line) as it is."""
        transition = self._transitions.get(name)
        return str(transition.label) if transition else name

    # -- the guard ------------------------------------------------------------------------------------------
    def guard(self, name: str, value: str | None, *, user: "User | AnonymousUser | None" = None) -> Transition:
        """The transition, if `user` (None: the system) may take it from state `value` (None: nothing exists yet,
        for the transition that starts the workflow). Otherwise PermissionDenied (the wrong role) or a
        ValidationError with the transition's Dutch message."""
        transition = self._transitions[name]
        if user is not None and user.is_authenticated and user.role not in transition.roles:
            raise PermissionDenied(f"{self.name}: {user.role} may not take {name!r}")
        starts = value is None and not transition.sources
        if not starts and value not in transition.sources:
            message = transition.done if transition.done and value == transition.target else transition.refused
            raise ValidationError(str(message), code="state")
        return transition
