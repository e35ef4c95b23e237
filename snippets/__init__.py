"""Layer 3: the plan's snippets: `Contact` (+ phone numbers), `Actor`, `GoalArea`, `Measure`.

Translatable, with drafts and revisions; their admin viewsets (`wagtail_hooks`) and
edit form (`forms`), Norwegian phone numbers (`phone`).
"""
