"""gongkai (公开): the platform on which a Chinese government body runs its 政府信息公开 work."""

__version__ = "0.1.0"
