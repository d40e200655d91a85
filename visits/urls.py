from .urls_admin import urlpatterns as admin_urlpatterns

app_name = "visits"

urlpatterns = [
    *admin_urlpatterns,
]
