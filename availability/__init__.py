"""Availability: what the stores have for what users want, in apps by concern (docs/architecture.md).

    checks       the worker's checks, their history and latest answers (app label "availability")
    alerts       telling users what a check changed for them
    live         the dashboard, kept live over the WebSocket
    buyplan      the cheapest way to buy a user's list
    money        prices, currencies, exchange rates
    preferences  a user's time zone
"""
