"""The HTTP API at ``/api/v1/`` (shared/spec/api.md) and its OpenAPI document."""
