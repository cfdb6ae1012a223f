"""The staff workspace: the bodies a signed-in user may act for."""
