"""rongcuo: 行政执法履职尽责容错纠错 system."""

__version__ = "0.1.0"
