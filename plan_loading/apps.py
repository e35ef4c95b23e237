from django.apps import AppConfig


class PlanLoadingConfig(AppConfig):
    """Owns building the plan in the CMS: the municipality's seed text
    (seed/handlingsplan.txt), the editorial decisions the text does not carry
    (plan_content.py), the loader that creates and repairs the plan around editors'
    work (loader.py, `manage.py load_plan`), and the shipped translations
    (po/<locale>/, shipped.py, `manage.py export_plan_translations`)."""

    name = "plan_loading"
    verbose_name = "Innlasting av planen"
