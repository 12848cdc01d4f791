"""The evaluation app's models, one module per subject."""

from evaluation.models.measurements import Measurement, MeasurementReminder, MeasurementWording

__all__ = ["Measurement", "MeasurementReminder", "MeasurementWording"]
