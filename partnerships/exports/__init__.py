"""Reports for officials: each declared once in ``reports``, rendered by ``engine``."""

from .engine import FORMATS, LANGUAGES, PDF_MAX_ROWS, Export, ExportError
from .reports import REPORTS

__all__ = ["FORMATS", "LANGUAGES", "PDF_MAX_ROWS", "REPORTS", "Export", "ExportError"]
