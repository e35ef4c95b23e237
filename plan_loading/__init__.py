"""The plan's loading: `manage.py load_plan`, the plan's content and seed text, and the
English and Arabic translations that ship with it (`export_plan_translations`).

A top layer (beside backups): it may import every app below it; no app imports it.
"""
