"""Versions kept: every version of the plan, frozen as it was published (README, "Versions").

When a publish sets a version (a HistoryEntry with `sets_version`: the workflow's last
approval, or an editorial publish), `record_version` notes, inside that publish's
transaction, which revisions make the version in every language whose plan is live then
(`plan_pages.PublishedVersion`, `PublishedChapter`, their revisions PROTECTed); once the
transaction has committed, the task worker renders what a citizen got from the live pages
(`render_version`). Nothing is ever re-rendered afterwards. A translation published after its
version was kept adds that language's copy of the current version, once
(`record_translation`); the admin lists them read only (`admin_views`).

The top layer: it renders pages through the whole site (the middleware, every template)
and the API's detail view, so it may import any app and nothing imports it.
"""
