"""Layer 5: the site around the plan.

The home page per locale, the accessibility statement and privacy pages, the
municipality's identity and theme (site settings), site search, `robots.txt` and the
site-wide template tags.
"""
