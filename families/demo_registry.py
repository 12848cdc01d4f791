"""Demo seeding steps of the apps further along the family's path.

Each app registers its step in AppConfig.ready(); `manage.py seed_demo` runs the families demo
first and then every step in order. A step must be idempotent and return a one-line summary.
"""

from collections.abc import Callable
from dataclasses import dataclass

DemoStep = Callable[[], str]


@dataclass(frozen=True)
class RegisteredStep:
    order: int
    name: str
    run: DemoStep


_STEPS: dict[str, RegisteredStep] = {}


def register_demo_step(*, order: int, name: str, run: DemoStep) -> None:
    _STEPS[name] = RegisteredStep(order=order, name=name, run=run)


def demo_steps() -> list[RegisteredStep]:
    return sorted(_STEPS.values(), key=lambda step: step.order)
