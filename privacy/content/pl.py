"""Polish: what the school records about a home visit, in plain language.
Written fresh for this product (not yet checked by a person)."""


def years(n: int) -> str:
    if n == 1:
        return "1 rok"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"{n} lata"
    return f"{n} lat"


TITLE = "Prywatność: co zapisuje szkoła"
INTRO = (
    "{school} odwiedza rodziny w domu. Szkoła zapisuje kilka rzeczy o tej wizycie. "
    "Tutaj przeczytasz, co zapisuje, dlaczego, jak długo to przechowuje i kto może to czytać."
)
SECTIONS = {
    "what": (
        "Co zapisuje szkoła?",
        "- Twoje imię i nazwisko oraz imiona Twoich dzieci.\n"
        "- Twój adres i numer telefonu.\n"
        "- Języki, którymi mówicie w domu.\n"
        "- Dzień wizyty domowej.\n"
        "- Krótkie sprawozdanie: jak radzi sobie Twoje dziecko i co razem ustalamy.\n"
        "Mówisz coś osobistego? Nauczyciel może to zapisać osobno. Ta część jest dodatkowo chroniona.",
    ),
    "why": (
        "Dlaczego?",
        "Chcemy poznać Twoją rodzinę.\n"
        "Dzięki temu możemy lepiej pomóc Twojemu dziecku w szkole.\n"
        "I później nadal wiemy, co razem ustaliliśmy.",
    ),
    "how_long": (
        "Jak długo szkoła to przechowuje?",
        "Tak długo, jak Twoje dziecko chodzi do szkoły.\n"
        "Twoje ostatnie dziecko odchodzi ze szkoły? Wtedy szkoła przechowuje sprawozdanie i Twoje dane "
        "jeszcze przez {family_years}. Potem zostają usunięte.\n"
        "Szkoła martwiła się i założyła teczkę opieki? "
        "Szkoła przechowuje tę teczkę przez {care_years} po odejściu dziecka ze szkoły.",
    ),
    "who": (
        "Kto może to czytać?",
        "- Nauczyciel, który przyszedł z wizytą.\n"
        "- Nauczyciele, którzy uczą Twoje dziecko: tylko najważniejsze punkty.\n"
        "- Część osobistą: tylko nauczyciel, który ją zapisał, i koordynator opieki w szkole.\n"
        "Dyrekcja widzi, że wizyta się odbyła, ale nie czyta sprawozdania.\n"
        "Szkoła nie przekazuje Twoich danych innym. Tylko gdy wymaga tego prawo, "
        "na przykład gdy dziecko nie jest bezpieczne.",
    ),
    "rights": (
        "Jakie masz prawa?",
        "- Możesz zapytać, co szkoła zapisała o Twojej rodzinie. Dostaniesz to na papierze albo jako plik.\n"
        "- Coś się nie zgadza? Możesz poprosić o poprawienie lub usunięcie.\n"
        "Szkoła odpowiada w ciągu 1 miesiąca.\n"
        "Nie zgadzasz się ze szkołą? Możesz złożyć skargę do holenderskiego urzędu ochrony danych "
        "(Autoriteit Persoonsgegevens).",
    ),
    "ask": (
        "Masz pytania?",
        "Zapytaj nauczyciela swojego dziecka albo skontaktuj się ze szkołą.",
    ),
}
PHONE = "Telefon"
EMAIL = "E-mail"
CHOOSE_LANGUAGE = "Wybierz język"
