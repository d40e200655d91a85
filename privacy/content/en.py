"""English: what the school records about a home visit, in plain language."""


def years(n: int) -> str:
    return "1 year" if n == 1 else f"{n} years"


TITLE = "Privacy: what the school records"
INTRO = (
    "{school} visits families at home. The school writes a few things down about these visits. "
    "Here you can read what, why, for how long and who can read it."
)
SECTIONS = {
    "what": (
        "What does the school write down?",
        "- Your name and the names of your children.\n"
        "- Your address and phone number.\n"
        "- The languages you speak at home.\n"
        "- The day of the home visit.\n"
        "- A short report: how your child is doing and what we agree together.\n"
        "Do you tell something personal? Then the teacher can write it down separately. "
        "That part has extra protection.",
    ),
    "why": (
        "Why?",
        "We want to get to know your family.\n"
        "Then we can help your child better at school.\n"
        "And later we still know what we agreed together.",
    ),
    "how_long": (
        "How long does the school keep this?",
        "As long as your child is at the school.\n"
        "Does your last child leave the school? Then the school keeps the report and your details for "
        "{family_years} more. After that they are deleted.\n"
        "Was the school worried and did it make a care file? "
        "The school keeps that file for {care_years} after your child has left the school.",
    ),
    "who": (
        "Who can read it?",
        "- The teacher who visited you.\n"
        "- Colleagues who teach your child: only the main points.\n"
        "- The personal part: only the teacher who wrote it and the school's care coordinator.\n"
        "The head of school sees that there was a visit, but does not read the report.\n"
        "The school does not give your details to others. Only when the law requires it, "
        "for example when a child is not safe.",
    ),
    "rights": (
        "What may you do?",
        "- You may ask what the school has written down about your family. You get it on paper or as a file.\n"
        "- Is something wrong? Then you may ask to correct it or to remove it.\n"
        "The school answers within 1 month.\n"
        "Do you disagree with the school? Then you can complain to the Dutch Data Protection Authority "
        "(Autoriteit Persoonsgegevens).",
    ),
    "ask": (
        "Questions?",
        "Ask your child's teacher, or contact the school.",
    ),
}
PHONE = "Phone"
EMAIL = "E-mail"
CHOOSE_LANGUAGE = "Choose your language"
