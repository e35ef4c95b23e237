"""Layer 1: the editorial roles as Django groups (their permissions, demo accounts).

Owns the groups and what each may do (`definitions`, `permissions`, `sync`) and the
`create_demo_accounts` command. Imports no other app of ours.
"""
