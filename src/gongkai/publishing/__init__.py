"""The publishing core of 主动公开: pure Python, never Django.

* :mod:`~gongkai.publishing.scan` — personal data and sensitive words in a text before approval;
* :mod:`~gongkai.publishing.sniff` — an attachment's type by its content, size and active content;
* :mod:`~gongkai.publishing.sanitize` — rich-text HTML through an allow-list (``nh3``);
* :mod:`~gongkai.publishing.tokens` — CJK bigram tokens for the search index and queries;
* :mod:`~gongkai.publishing.diff` — differences between two versions, line by line.
"""
