"""English default translation."""

QUESTIONS = {
    "p_experience": "The home visit was pleasant for us.",
    "p_experience_open": "What was good about the visit? And what could be better?",
    "p_information": "I could tell what is important for my child.",
    "p_relation": "I now have better contact with my child's teacher.",
    "p_relation_ask": "I now find it easier to ask the school something.",
    "p_care": "I know who at school to go to if I worry about my child.",
}

SCALE = ["Not true at all", "Not true", "A little", "True", "Very true"]

UI = {
    "title": "Questions about the home visit",
    "intro": "We would like to know what you thought of the home visit. It takes about 3 minutes.",
    "anonymous": "Your answers are anonymous. The school does not see who answered what.",
    "skip": "You may skip a question.",
    "open_hint": "Your answer (you may leave this empty)",
    "submit": "Send",
    "language": "Language",
    "thanks_title": "Thank you!",
    "thanks": "We have received your answers. You do not need to do anything else.",
    "empty": "You have not filled in anything yet. Please answer at least 1 question.",
    "invalid": "This link does not work. Please use the whole link from the school's message.",
    "used": "This questionnaire has already been filled in. Each family can fill it in 1 time.",
    "expired": "This link no longer works: the time to answer has ended.",
    "closed": "The questionnaire is closed. You can no longer answer.",
    "questions_help": "Do you have a question? Call or e-mail the school.",
    "in_dutch": "(This question is only in Dutch.)",
    "message": (
        "{school}: what did you think of the home visit? Please fill in the short questionnaire. "
        "It takes 3 minutes and is anonymous. {link} The link works until {date}."
    ),
    "subject": "What did you think of the home visit?",
}

# The invitation by SMS: one message (GSM-7, 160 characters) with the 87-character link; the
# extras are added only while it stays one message (evaluation/content/__init__.py, invitation_sms).
SMS = "{school}: how was the home visit? Answer by {date}: {link}"
SMS_EXTRAS = ["Anonymous, 3 minutes."]
