from django.urls import path

from . import views

urlpatterns = [
    path("verify/", views.verify, name="two_factor_verify"),
    path("enrol/", views.enrol, name="two_factor_enrol"),
    path("recovery-codes/", views.recovery_codes, name="two_factor_recovery_codes"),
    path(
        "recovery-codes/new/",
        views.regenerate_recovery_codes,
        name="two_factor_regenerate_recovery_codes",
    ),
    path("remove/", views.remove, name="two_factor_remove"),
    path("reset/<int:user_id>/", views.reset_user, name="two_factor_reset_user"),
    path("", views.manage, name="two_factor_manage"),
]
