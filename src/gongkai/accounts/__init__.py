"""Sign-in, sign-out and password reset for staff, with login throttling."""
