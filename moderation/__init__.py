"""Layer 6: the democratic control of the plan.

The "Planbehandling" workflow and its approval task (`models`, `workflows`), the
Dokumenthistorikk rows and versions each publish writes (`history`, `approval`),
reviewers' views and comparisons (`review`, `views`, `compare`), e-mail
notifications and the editorial dashboard.
"""
