"""Create "Planbehandling": Politiråd, then Kommunestyret; measures use it too.

load_plan assigns the workflow to the plan's page subtree once the plan exists.
"""

from django.db import migrations

from moderation.definitions import STEPS, WORKFLOW_NAME, WORKFLOW_SNIPPETS


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    PlanApprovalTask = apps.get_model("moderation", "PlanApprovalTask")

    # Wagtail's sample workflow names the "Moderators" group, which roles removes.
    Workflow.objects.filter(name="Moderators approval").delete()
    apps.get_model("wagtailcore", "GroupApprovalTask").objects.filter(
        name="Moderators approval"
    ).delete()

    task_type, _ = ContentType.objects.get_or_create(
        app_label="moderation", model="planapprovaltask"
    )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, step in enumerate(STEPS):
        task, _ = PlanApprovalTask.objects.get_or_create(
            name=step.name,
            defaults={"body_name": step.body_name, "content_type": task_type, "active": True},
        )
        task.groups.set([Group.objects.get(name=step.group)])
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    for app_label, model in WORKFLOW_SNIPPETS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    PlanApprovalTask = apps.get_model("moderation", "PlanApprovalTask")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    PlanApprovalTask.objects.filter(name__in=[s.name for s in STEPS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("roles", "0001_create_groups"),
        ("snippets", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
