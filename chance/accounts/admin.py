from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Program admins manage accounts and roles here, but can never raise anyone (themselves
    included) to superuser, hand out permissions outside the roles, change their own account's
    roles or standing, or touch a superuser's account: a superuser passes every permission
    check, clinical records included."""

    fieldsets = BaseUserAdmin.fieldsets + ((_("Program"), {"fields": ("supervisor", "phone")}),)
    list_display = ("username", "first_name", "last_name", "is_active", "supervisor")
    list_select_related = ("supervisor",)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
            if obj is not None and obj.pk == request.user.pk:
                fields += ["is_active", "is_staff", "groups"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
