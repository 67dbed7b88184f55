"""Guifan's settings with one more URL, the anchor every served benchmark is measured against."""

from guifan.settings import *  # noqa: F403

ROOT_URLCONF = "anchor_urls"
