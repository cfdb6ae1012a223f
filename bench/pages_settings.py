"""Settings for the page benchmark: the production settings plus a urlconf with a bare view."""

from gongkai.web.settings import *  # noqa: F403

ROOT_URLCONF = "pages_urls"
