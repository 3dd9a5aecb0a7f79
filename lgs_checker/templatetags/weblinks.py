"""`{{ offer.url|web_url }}`: the link when it is safe to render (see lgs_checker/weblinks.py), else ''."""

from __future__ import annotations

from django import template

from lgs_checker import weblinks

register = template.Library()
register.filter("web_url", weblinks.web_url)
