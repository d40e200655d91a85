"""Polish default translation."""

QUESTIONS = {
    "p_experience": "Wizyta domowa była dla nas miła.",
    "p_experience_open": "Co było dobre w tej wizycie? A co może być lepsze?",
    "p_information": "Mogłem/mogłam powiedzieć, co jest ważne dla mojego dziecka.",
    "p_relation": "Mam teraz lepszy kontakt z nauczycielem mojego dziecka.",
    "p_relation_ask": "Teraz łatwiej jest mi zapytać szkołę o coś.",
    "p_care": "Wiem, do kogo w szkole mogę się zwrócić, gdy martwię się o moje dziecko.",
}

SCALE = ["Zupełnie nieprawda", "Nieprawda", "Trochę", "Prawda", "Całkowicie prawda"]

UI = {
    "title": "Pytania o wizytę domową",
    "intro": "Chcemy wiedzieć, co myślą Państwo o wizycie domowej. To zajmie około 3 minut.",
    "anonymous": "Odpowiedzi są anonimowe. Szkoła nie widzi, kto co odpowiedział.",
    "skip": "Można pominąć pytanie.",
    "open_hint": "Odpowiedź (można zostawić puste)",
    "submit": "Wyślij",
    "language": "Język",
    "thanks_title": "Dziękujemy!",
    "thanks": "Otrzymaliśmy odpowiedzi. Nie trzeba nic więcej robić.",
    "empty": "Nic jeszcze nie zostało wypełnione. Proszę odpowiedzieć na co najmniej 1 pytanie.",
    "invalid": "Ten link nie działa. Proszę użyć całego linku z wiadomości od szkoły.",
    "used": "Ta ankieta została już wypełniona. Każda rodzina może ją wypełnić 1 raz.",
    "expired": "Ten link już nie działa: czas na odpowiedź minął.",
    "closed": "Ankieta jest zamknięta. Nie można już odpowiadać.",
    "questions_help": "Mają Państwo pytanie? Proszę zadzwonić lub napisać do szkoły.",
    "in_dutch": "(To pytanie jest tylko po niderlandzku.)",
    "message": (
        "{school}: jak oceniają Państwo wizytę domową? Prosimy wypełnić krótką ankietę. "
        "To zajmie 3 minuty i jest anonimowe. {link} Link działa do {date}."
    ),
    "subject": "Jak oceniają Państwo wizytę domową?",
}

# The invitation by SMS: one message (GSM-7, 160 characters) with the 87-character link, so
# written without the letters GSM-7 lacks (like the visit reminders); the extras are added only
# while it stays one message (evaluation/content/__init__.py, invitation_sms).
SMS = "{school}: jak minela wizyta domowa? Ankieta do {date}: {link}"
SMS_EXTRAS = ["Anonimowo, 3 minuty."]
