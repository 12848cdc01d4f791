"""The evaluation app's models, one module per subject."""

from evaluation.models.measurements import Measurement, MeasurementWording

__all__ = ["Measurement", "MeasurementWording"]
