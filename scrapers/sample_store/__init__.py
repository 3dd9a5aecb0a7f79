"""A local store server speaking every supported platform, for tests, benchmarks and local runs.

Standard library only (`http.server`); see `server.py` for the switches.
"""

from __future__ import annotations

from scrapers.sample_store.server import (
    Fault,
    LoggedRequest,
    SampleStoreServer,
    running_sample_store,
    sample_store_definitions,
)

__all__ = ["Fault", "LoggedRequest", "SampleStoreServer", "running_sample_store", "sample_store_definitions"]
