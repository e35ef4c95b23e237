"""Layer 2: shared helpers the domain apps use.

Text helpers (`text`), the change-note form field of every edit form (`forms`),
routing under a language prefix (`routing`), the "headless" preview mode of the
models (`preview`, its view found through a setting) and the one-transaction
publish (`publishing`). Imports only from roles and images.
"""
