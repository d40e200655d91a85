"""English default translation (not yet checked by a person)."""

SECTIONS = {
    "purpose": (
        "Why do we visit you at home?",
        "Your child's teacher would like to visit you at home 1 time.\n"
        "This way we get to know each other better.\n"
        "We talk about your child. What goes well? What does your child like? What is hard?\n"
        "You tell us about home. We tell you about school. You can also ask questions.\n"
        "Your child may join us. We like that.\n"
        "A home visit does not mean that something is wrong.",
    ),
    "visitors": (
        "Who comes?",
        "Your child's teacher or mentor comes.\n"
        "Sometimes a colleague from school comes too.\n"
        "You always hear beforehand who will come.",
    ),
    "female_visitor": (
        "Would you rather not have a man visit?",
        "Are you alone at home and would you rather not have a man visit? That is fine.\n"
        "Tell us when we make the appointment. Or call the school: {school_telefoon}.\n"
        "Then a woman comes along. Or only a woman comes.\n"
        "You can also choose a talk at school.",
    ),
    "appointment": (
        "How do we make the appointment?",
        "The teacher calls you first. Together we choose a day and a time.\n"
        "Many visits are at the end of the afternoon or in the evening.\n"
        "After that you get the appointment 1 more time. By message, e-mail or letter.\n"
        "Does the time not work for you? Call or message the teacher. Then we choose a new time.",
    ),
    "duration": (
        "How long does it take?",
        "The visit takes about {duur_minuten} minutes.\n"
        "It never takes longer than 60 minutes.\n"
        "The teacher says at the start how long it will take.",
    ),
    "frequency": (
        "How often do we come?",
        "We come {frequentie}.\n"
        "We usually come in September or October, when the school year has just started.\n"
        "We do not come in the holidays or on a religious or public holiday.",
    ),
    "interpreter": (
        "An interpreter",
        "Would you rather speak another language? Then an interpreter comes along.\n"
        "The school can arrange the interpreter. You may also ask someone yourself, for example a relative.\n"
        "Tell us when we make the appointment.\n"
        "Your child is never the interpreter. Your child does not have to translate anything.",
    ),
    "information": (
        "What do we do with what you tell us?",
        "After the visit the teacher writes a short report.\n"
        "The main points go into your child's school file.\n"
        "Only colleagues who teach your child can read those points.\n"
        "Do you tell us something personal? We do not pass it on. "
        "Only the teacher and the care coordinator can read it.\n"
        "Are we worried about your child? Then we talk with the school's care coordinator.\n"
        "You may always ask what we wrote down about your child.",
    ),
    "declining": (
        "Do you not want a home visit?",
        "That is allowed. You do not have to receive a visit.\n"
        "Then we invite you for a talk at school.\n"
        "We ask you why you would rather not have a visit. We learn from that.\n"
        "Saying no has no consequences for your child.",
    ),
    "confidant": (
        "The confidential adviser",
        "Do you want to talk about the visit with someone else? For example because something went wrong?\n"
        "Then contact the school's confidential adviser:\n"
        "- {vertrouwenspersoon_naam}\n"
        "- Phone: {vertrouwenspersoon_telefoon}\n"
        "- E-mail: {vertrouwenspersoon_email}\n"
        "The confidential adviser listens to you and helps you further.\n"
        "The confidential adviser tells nobody without your permission.",
    ),
    "questions": (
        "Do you have a question?",
        "Do you or your child have a question about the home visit? Contact:\n"
        "- {contactpersoon_naam}\n"
        "- Phone: {contactpersoon_telefoon}\n"
        "- E-mail: {contactpersoon_email}\n"
        "You can also call the school: {school_telefoon}. Or e-mail {school_email}.\n"
        "Your child can always go to their own teacher or mentor too.",
    ),
}

FREQUENCY = {"yearly": "1 time every school year", "every_other_year": "1 time every 2 school years"}

LABELS = {
    "title": "Home visits: how they work",
    "choose_language": "Choose your language",
    "download": "Download as PDF",
    "version": "Version of {datum}",
    "unchecked": "Default translation, not yet checked.",
    "checked": "Translation checked by {naam}.",
    "outdated": "This part was changed in Dutch. The translation has not been updated yet. "
    "That is why the Dutch text is shown as well.",
    "dutch": "Dutch text",
    "page": "Page",
    "missing": "ask the school",
    "preparing_title": "The PDF is being made",
    "preparing_text": "Please wait a moment. This page refreshes by itself in a few seconds.",
    "back": "Back to the text",
    "scan": "Scan the code to read this text on your phone, also in another language.",
}
