"""The kinds of visits object the audit trail records (registered with the core's trail).

Importing this module registers them; ``VisitsConfig.ready()`` imports it so the audit-trail
page knows every label before the first request.
"""

from django.utils.translation import gettext_lazy as _

from huisbezoek.audit import object_types

VISIT = object_types.register("visit", _("Bezoek"), app_label="visits")
REPORT = object_types.register("report", _("Verslag"), app_label="visits")
PUPIL_FILE = object_types.register("pupil_file", _("Leerlingdossier"), app_label="visits")
FAMILY = object_types.register("family", _("Gezinskaart"), app_label="visits")
CARE_CASE = object_types.register("care_case", _("Zorgmelding"), app_label="visits")
CONSULT = object_types.register("consult", _("Overleg met de zorgcoördinator"), app_label="visits")
