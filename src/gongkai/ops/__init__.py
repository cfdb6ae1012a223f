"""Operations: ``gongkai backup`` / ``gongkai restore``, a consistent archive of database and media.

``gongkai.ops.cli`` adds the subcommands without importing Django (``gongkai report`` stays free
of it); ``backup`` and ``restore`` set Django up when they run.
"""
