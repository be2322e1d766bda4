from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# django-otp's TOTPDevice keeps its secret in plaintext; authenticators live in
# EncryptedTOTPDevice now (models.py). Its admin would be a way to add a plaintext device, and it
# lists an empty table, so it goes. Second factors are reset from /security/users/.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)

# The same for django-otp's StaticDevice: its admin shows and accepts backup codes in plaintext.
# Backup codes live in HashedStaticDevice now, as keyed hashes, and get no admin either.
if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)
