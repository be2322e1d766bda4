from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("Program", {"fields": ("supervisor", "phone")}),)
    list_display = ("username", "first_name", "last_name", "is_active", "supervisor")
    list_select_related = ("supervisor",)
