"""Where uploaded files (media) live, from the environment: a directory or an S3-compatible bucket.

``GONGKAI_STORAGE`` is ``filesystem`` (default: ``MEDIA_ROOT``, a local directory or a shared NFS
mount in production) or ``s3`` (django-storages' S3 backend, the ``s3`` extra:
``pip install 'gongkai[s3]'``), configured by ``AWS_STORAGE_BUCKET_NAME`` (required),
``AWS_S3_ENDPOINT_URL`` (MinIO, Ceph, a cloud's S3-compatible service), ``AWS_S3_REGION_NAME``,
``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` (left to boto3's own lookup when unset).
Static files stay on the local disk (``collectstatic``; nginx serves them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"
STATIC_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"

_S3_ENV_OPTIONS = {
    "AWS_S3_ENDPOINT_URL": "endpoint_url",
    "AWS_S3_REGION_NAME": "region_name",
    "AWS_ACCESS_KEY_ID": "access_key",
    "AWS_SECRET_ACCESS_KEY": "secret_key",
}


def storages_from_env(env: Mapping[str, str], *, media_root: str) -> dict[str, dict[str, Any]]:
    """Django's ``STORAGES`` for the environment ``env``."""
    kind = env.get("GONGKAI_STORAGE", "").strip().lower() or "filesystem"
    staticfiles: dict[str, Any] = {"BACKEND": STATIC_BACKEND}
    if kind == "filesystem":
        default: dict[str, Any] = {
            "BACKEND": FILESYSTEM_BACKEND,
            "OPTIONS": {"location": media_root},
        }
    elif kind == "s3":
        bucket = env.get("AWS_STORAGE_BUCKET_NAME", "").strip()
        if not bucket:
            raise ImproperlyConfigured(
                "GONGKAI_STORAGE=s3 需要设置 AWS_STORAGE_BUCKET_NAME（存放上传文件的存储桶名称）。"
            )
        options: dict[str, Any] = {
            "bucket_name": bucket,
            # Uploaded files are never replaced by a later upload of the same name, never
            # public: links are signed and expire.
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
        }
        for variable, option in _S3_ENV_OPTIONS.items():
            value = env.get(variable, "").strip()
            if value:
                options[option] = value
        default = {"BACKEND": S3_BACKEND, "OPTIONS": options}
    else:
        raise ImproperlyConfigured(
            f"GONGKAI_STORAGE 的值“{kind}”无效：应为 filesystem（默认）或 s3。"
        )
    return {"default": default, "staticfiles": staticfiles}
