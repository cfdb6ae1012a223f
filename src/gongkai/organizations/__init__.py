"""机关 and people: bodies in their hierarchy, users, and their roles per body."""
