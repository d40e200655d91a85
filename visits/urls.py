from django.urls import path

from .availability.urls import urlpatterns as availability_urlpatterns
from .booking.urls import urlpatterns as booking_urlpatterns
from .care.urls import urlpatterns as care_urlpatterns
from .enrolments.urls import urlpatterns as enrolment_urlpatterns
from .families.urls import urlpatterns as family_urlpatterns
from .geo.urls import urlpatterns as geo_urlpatterns
from .groups.urls import urlpatterns as group_urlpatterns
from .imports.urls import urlpatterns as import_urlpatterns
from .interpreting.urls import urlpatterns as interpreting_urlpatterns
from .reminders import views as reminders
from .reports import views as reports
from .reports.urls import urlpatterns as report_urlpatterns
from .routes.urls import urlpatterns as route_urlpatterns
from .school_calendar.urls import urlpatterns as school_calendar_urlpatterns
from .views import calendar, planning, programme

app_name = "visits"

urlpatterns = [
    path("leerlingen/", planning.pupil_list, name="pupil_list"),
    path("leerlingen/<int:pk>/bezoek/", planning.visit_start, name="visit_start"),
    path("gezinnen/<int:pk>/", planning.family_detail, name="family_detail"),
    path("bezoeken/<int:pk>/", planning.visit_detail, name="visit_detail"),
    path("bezoeken/<int:pk>/contact/", planning.contact_create, name="contact_create"),
    path("bezoeken/<int:pk>/plannen/", planning.visit_plan, name="visit_plan"),
    path("bezoeken/<int:pk>/status/", planning.visit_status, name="visit_status"),
    path("bezoeken/<int:pk>/voorbereiding/", planning.visit_prepare, name="visit_prepare"),
    path("bezoeken/<int:pk>/verslag/", reports.report_edit, name="report_edit"),
    path("bezoeken/<int:pk>/overleg/", reports.consult_create, name="consult_create"),
    path("leerlingen/<int:pk>/dossier/", reports.pupil_file, name="pupil_file"),
    path("jaarplan/", programme.programme_edit, name="programme_edit"),
    path("agenda/", calendar.calendar_settings, name="calendar_settings"),
    path("agenda/nieuwe-link/", calendar.calendar_renew, name="calendar_renew"),
    path("agenda/link-stoppen/", calendar.calendar_revoke, name="calendar_revoke"),
    path("agenda/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("herinneringen/", reminders.reminder_settings_edit, name="reminder_settings"),
    *import_urlpatterns,
    *group_urlpatterns,
    *care_urlpatterns,
    *school_calendar_urlpatterns,
    *enrolment_urlpatterns,
    *report_urlpatterns,
    *family_urlpatterns,
    *geo_urlpatterns,
    *availability_urlpatterns,
    *booking_urlpatterns,
    *route_urlpatterns,
    *interpreting_urlpatterns,
]
