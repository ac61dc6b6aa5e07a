"""samverkan: vårdsamverkan agreements as code."""

__version__ = "0.1.0"
