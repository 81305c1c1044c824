"""Django project configuration for rongcuo (settings from the environment)."""
