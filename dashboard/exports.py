"""The former name of dashboard.export, kept so that code written against it still runs.

New code imports `dashboard.export`; nothing is defined here.
"""
from dashboard.export import *  # noqa: F403
from dashboard.export import __all__  # noqa: F401
