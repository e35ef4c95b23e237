"""Layer 1: the plan's image model, `PlanImage` (required alt text, photo credit).

Imports no other app of ours.
"""
