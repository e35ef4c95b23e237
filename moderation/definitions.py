"""The plan's moderation workflow: who approves, in which order."""

from dataclasses import dataclass

from roles.definitions import MUNICIPAL_COUNCIL, POLICE_COUNCIL

WORKFLOW_NAME = "Planbehandling"


@dataclass(frozen=True)
class Step:
    name: str
    body_name: str
    group: str


STEPS = (
    Step(name="Behandling i Politiråd", body_name="Politiråd", group=POLICE_COUNCIL),
    Step(name="Vedtak i Kommunestyret", body_name="Kommunestyret", group=MUNICIPAL_COUNCIL),
)

# Snippets that go through the same workflow as the plan's pages.
WORKFLOW_SNIPPETS = (("snippets", "measure"),)
