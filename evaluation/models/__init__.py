"""The evaluation app's models, one module per subject."""

from evaluation.models.fidelity import FidelityRound
from evaluation.models.measurement_due import MeasurementDue
from evaluation.models.measurements import Measurement, MeasurementReminder, MeasurementWording
from evaluation.models.programme import ProgrammeCutOff
from evaluation.models.reports import (
    EvaluatorKey,
    MunicipalityTarget,
    QuarterlyReport,
    SspLevelRecord,
)
from evaluation.models.summary import FamilyDueCounts, PersonWaves, PersonWavesMark

__all__ = [
    "EvaluatorKey",
    "FamilyDueCounts",
    "FidelityRound",
    "Measurement",
    "MeasurementDue",
    "MeasurementReminder",
    "MeasurementWording",
    "MunicipalityTarget",
    "PersonWaves",
    "PersonWavesMark",
    "ProgrammeCutOff",
    "QuarterlyReport",
    "SspLevelRecord",
]
