"""The weighing framework (afwegingskader) of step 4 of the meldcode, in our own plain words.

The second question decides on its own: acute or structural unsafety means the case must be
reported to Veilig Thuis, whatever the other answers are.
"""

from django.utils.translation import gettext_lazy as _

QUESTIONS = (
    ("suspicion", _("Vermoedt u, na stap 1 tot en met 3, huiselijk geweld of kindermishandeling?")),
    ("unsafe", _("Is er volgens u sprake van acute of structurele onveiligheid?")),
    ("can_help", _("Kan de school zelf goede hulp bieden of organiseren?")),
    ("accepted", _("Willen de ouders en het kind de hulp aannemen en eraan meewerken?")),
    ("enough", _("Maakt die hulp het kind op tijd veilig genoeg, en blijft dat zo?")),
)
QUESTION_KEYS = tuple(key for key, _label in QUESTIONS)
FORCES_REPORT = "unsafe"
