"""Layer 1: two-factor login for the Wagtail admin, on django-otp.

After the password, a user who has a second factor (an authenticator app, TOTP) gives a code
from it, or one of their one-time recovery codes, before any admin page; a member of a group
that must have one (PLANPORTAL_2FA_REQUIRED_GROUPS, superusers with
PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS) sets one up first (`middleware`, `policy`). Users manage
their own second factor from their account (`views`, `wagtail_hooks`); whoever may change users
resets another user's from the admin's list of users, the operator with `reset_two_factor`.
Outside the admin a session that owes its second factor is anonymous. Imports no other app of
ours.
"""
