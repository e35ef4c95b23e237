"""Layer 4: the plan's pages and content: `PlanPage`, `ChapterPage`, `HistoryEntry`.

The StreamField blocks (`blocks`), version numbers (`versioning`), the text a chapter
shows for search (`search`) and the admin's "Handlingsplan" menu (`wagtail_hooks`).
No API code: the API app above describes and serves it.
"""
