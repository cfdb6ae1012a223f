"""Production settings: media storage from the environment, TLS settings, ``check --deploy``.

The settings module reads the environment once at import, so whole-module checks run in a
subprocess with a production-like environment; ``STORAGES`` is built by a pure function tested
directly.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai.web.storage import S3_BACKEND, storages_from_env

REPO = Path(__file__).resolve().parents[2]


# -- STORAGES ------------------------------------------------------------------------------------


def test_default_storage_is_the_media_directory() -> None:
    storages = storages_from_env({}, media_root="/srv/gongkai/media")
    assert storages["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/srv/gongkai/media"},
    }
    assert storages["staticfiles"]["BACKEND"] == (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    explicit = storages_from_env({"GONGKAI_STORAGE": " FileSystem "}, media_root="/nfs/media")
    assert explicit["default"]["OPTIONS"] == {"location": "/nfs/media"}


def test_s3_storage_reads_bucket_endpoint_region_and_keys() -> None:
    env = {
        "GONGKAI_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "gongkai-media",
        "AWS_S3_ENDPOINT_URL": "https://minio.example.gov.cn:9000",
        "AWS_S3_REGION_NAME": "cn-north-1",
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "secret-example",
    }
    storages = storages_from_env(env, media_root="/unused")
    assert storages["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "gongkai-media",
            "endpoint_url": "https://minio.example.gov.cn:9000",
            "region_name": "cn-north-1",
            "access_key": "AKIDEXAMPLE",
            "secret_key": "secret-example",
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
    # Static files stay local (nginx serves them).
    assert storages["staticfiles"]["BACKEND"].startswith("django.contrib.staticfiles")


def test_s3_without_keys_leaves_credentials_to_boto3() -> None:
    env = {"GONGKAI_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "media"}
    options = storages_from_env(env, media_root="/unused")["default"]["OPTIONS"]
    assert options["bucket_name"] == "media"
    assert not {"access_key", "secret_key", "endpoint_url", "region_name"} & set(options)


@pytest.mark.parametrize("bucket", [None, "", "   "])
def test_s3_without_a_bucket_is_a_clear_configuration_error(bucket: str | None) -> None:
    env = {"GONGKAI_STORAGE": "s3"}
    if bucket is not None:
        env["AWS_STORAGE_BUCKET_NAME"] = bucket
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        storages_from_env(env, media_root="/unused")


def test_unknown_storage_kind_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_STORAGE"):
        storages_from_env({"GONGKAI_STORAGE": "ftp"}, media_root="/unused")


def test_s3_backend_is_only_a_path_string() -> None:
    """django-storages is an optional extra: the settings name the backend, never import it."""
    assert isinstance(S3_BACKEND, str)
    source = (REPO / "src/gongkai/web/storage.py").read_text(encoding="utf-8")
    assert "import storages" not in source and "from storages" not in source


# -- the settings module under a production environment -------------------------------------------


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GONGKAI_", "AWS_", "DATABASE_", "CACHE_"))
        and key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "MEDIA_ROOT", "STATIC_ROOT"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "gongkai.example.gov.cn",
            "CSRF_TRUSTED_ORIGINS": "https://gongkai.example.gov.cn",
            "GONGKAI_HTTPS": "1",
            "GONGKAI_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )
    env.update(extra)
    return env


def settings_in(env: dict[str, str], *names: str) -> dict[str, Any]:
    code = (
        "import json, sys; from django.conf import settings; "
        "print(json.dumps({n: getattr(settings, n, None) for n in sys.argv[1:]}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *names],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    values: dict[str, Any] = json.loads(result.stdout)
    return values


def test_https_settings(tmp_path: Path) -> None:
    values = settings_in(
        production_env(tmp_path),
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "X_FRAME_OPTIONS",
        "GONGKAI_TRUSTED_PROXIES",
    )
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "X_FRAME_OPTIONS": "DENY",
        "GONGKAI_TRUSTED_PROXIES": [],
    }


def test_embedded_mode_sends_no_secure_only_cookies(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["GONGKAI_HTTPS"]
    values = settings_in(env, "SESSION_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS")
    assert values == {
        "SESSION_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
    }


def test_media_and_proxies_from_the_environment(tmp_path: Path) -> None:
    env = production_env(
        tmp_path,
        MEDIA_ROOT="/mnt/nfs/gongkai-media",
        GONGKAI_TRUSTED_PROXIES="10.0.0.5, 10.0.1.0/24",
    )
    values = settings_in(env, "MEDIA_ROOT", "STORAGES", "GONGKAI_TRUSTED_PROXIES")
    assert values["MEDIA_ROOT"] == "/mnt/nfs/gongkai-media"
    assert values["STORAGES"]["default"]["OPTIONS"] == {"location": "/mnt/nfs/gongkai-media"}
    assert values["GONGKAI_TRUSTED_PROXIES"] == ["10.0.0.5", "10.0.1.0/24"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"GONGKAI_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        ({"GONGKAI_TRUSTED_PROXIES": "10.0.0.5,nginx"}, "GONGKAI_TRUSTED_PROXIES"),
    ],
)
def test_bad_production_environment_stops_the_start(
    tmp_path: Path, extra: dict[str, str], message: str
) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=production_env(tmp_path, **extra),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_environment(tmp_path: Path) -> None:
    """With HSTS preload asked for, ``check --deploy`` has nothing to say."""
    result = check_deploy(production_env(tmp_path, GONGKAI_HSTS_PRELOAD="1"))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_without_preload_warns_only_about_preload(tmp_path: Path) -> None:
    """HSTS preload is the operator's commitment for the whole domain, so it is opt-in."""
    result = check_deploy(production_env(tmp_path))
    assert result.returncode == 1
    warnings = sorted(
        line.split(")")[0].split("(")[-1]
        for line in result.stderr.splitlines()
        if "(security." in line
    )
    assert warnings == ["security.W021"]
