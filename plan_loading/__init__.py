"""The plan's loading: `manage.py load_plan`, the plan's content and seed text, and the
English and Arabic translations that ship with it (`export_plan_translations`).

The top domain layer: it may import every app below it; nothing but `cms` imports it.
"""
