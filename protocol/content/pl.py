"""Polish default translation (not yet checked by a person)."""

SECTIONS = {
    "purpose": (
        "Dlaczego odwiedzamy Państwa w domu?",
        "Nauczyciel Państwa dziecka chce 1 raz odwiedzić Państwa w domu.\n"
        "Dzięki temu lepiej się poznajemy.\n"
        "Rozmawiamy o Państwa dziecku. Co idzie dobrze? Co dziecko lubi? Co jest trudne?\n"
        "Państwo opowiadają o domu. My opowiadamy o szkole. Mogą Państwo też zadawać pytania.\n"
        "Dziecko może być przy rozmowie. Bardzo nas to cieszy.\n"
        "Wizyta domowa nie oznacza, że coś jest nie tak.",
    ),
    "visitors": (
        "Kto przychodzi?",
        "Przychodzi nauczyciel lub wychowawca Państwa dziecka.\n"
        "Czasem przychodzi też inna osoba ze szkoły.\n"
        "Zawsze wcześniej dowiedzą się Państwo, kto przyjdzie.",
    ),
    "female_visitor": (
        "Wolą Państwo, żeby nie przychodził mężczyzna?",
        "Jest Pani sama w domu i woli Pani, żeby nie przychodził mężczyzna? To nie problem.\n"
        "Proszę to powiedzieć, gdy umawiamy wizytę. Albo proszę zadzwonić do szkoły: {school_telefoon}.\n"
        "Wtedy przyjdzie też kobieta. Albo przyjdzie tylko kobieta.\n"
        "Można też wybrać rozmowę w szkole.",
    ),
    "appointment": (
        "Jak umawiamy wizytę?",
        "Najpierw nauczyciel do Państwa dzwoni. Razem wybieramy dzień i godzinę.\n"
        "Wiele wizyt jest późnym popołudniem albo wieczorem.\n"
        "Potem dostają Państwo termin jeszcze 1 raz. Wiadomością, e-mailem albo listem.\n"
        "Termin nie pasuje? Proszę zadzwonić lub napisać do nauczyciela. Wybierzemy nowy termin.",
    ),
    "duration": (
        "Jak długo to trwa?",
        "Wizyta trwa około {duur_minuten} minut.\n"
        "Nigdy nie trwa dłużej niż 60 minut.\n"
        "Na początku nauczyciel mówi, jak długo potrwa wizyta.",
    ),
    "frequency": (
        "Jak często przychodzimy?",
        "Przychodzimy {frequentie}.\n"
        "Zwykle przychodzimy we wrześniu lub w październiku, na początku roku szkolnego.\n"
        "Nie przychodzimy w czasie wakacji ani w święta.",
    ),
    "interpreter": (
        "Tłumacz",
        "Wolą Państwo mówić w innym języku? Wtedy przychodzi też tłumacz.\n"
        "Szkoła może zorganizować tłumacza. Mogą też Państwo sami kogoś poprosić, na przykład kogoś z rodziny.\n"
        "Proszę to powiedzieć, gdy umawiamy wizytę.\n"
        "Dziecko nigdy nie jest tłumaczem. Dziecko nie musi niczego tłumaczyć.",
    ),
    "information": (
        "Co robimy z tym, co Państwo mówią?",
        "Po wizycie nauczyciel pisze krótkie sprawozdanie.\n"
        "Najważniejsze punkty trafiają do teczki dziecka w szkole.\n"
        "Te punkty mogą czytać tylko nauczyciele, którzy uczą Państwa dziecko.\n"
        "Mówią Państwo coś osobistego? Nie przekazujemy tego dalej. "
        "Mogą to czytać tylko nauczyciel i koordynator do spraw opieki.\n"
        "Martwimy się o Państwa dziecko? Wtedy rozmawiamy z koordynatorem do spraw opieki w szkole.\n"
        "Zawsze mogą Państwo zapytać, co zapisaliśmy o dziecku.",
    ),
    "declining": (
        "Nie chcą Państwo wizyty domowej?",
        "To dozwolone. Nie muszą Państwo przyjmować wizyty.\n"
        "Wtedy zapraszamy Państwa na rozmowę w szkole.\n"
        "Pytamy, dlaczego wolą Państwo nie przyjmować wizyty. Uczymy się z tego.\n"
        "Odmowa nie ma żadnych skutków dla Państwa dziecka.",
    ),
    "confidant": (
        "Osoba zaufania",
        "Chcą Państwo porozmawiać o wizycie z kimś innym? Na przykład dlatego, że coś poszło źle?\n"
        "Proszę skontaktować się z osobą zaufania w szkole:\n"
        "- {vertrouwenspersoon_naam}\n"
        "- Telefon: {vertrouwenspersoon_telefoon}\n"
        "- E-mail: {vertrouwenspersoon_email}\n"
        "Osoba zaufania słucha i pomaga.\n"
        "Osoba zaufania nikomu nic nie mówi bez Państwa zgody.",
    ),
    "questions": (
        "Mają Państwo pytanie?",
        "Państwo albo dziecko mają pytanie o wizytę domową? Proszę się skontaktować:\n"
        "- {contactpersoon_naam}\n"
        "- Telefon: {contactpersoon_telefoon}\n"
        "- E-mail: {contactpersoon_email}\n"
        "Można też zadzwonić do szkoły: {school_telefoon}. Albo napisać na {school_email}.\n"
        "Dziecko zawsze może też pójść do swojego nauczyciela lub wychowawcy.",
    ),
}

FREQUENCY = {"yearly": "1 raz w każdym roku szkolnym", "every_other_year": "1 raz na 2 lata szkolne"}

LABELS = {
    "title": "Wizyta domowa: jak to działa",
    "choose_language": "Wybierz swój język",
    "download": "Pobierz jako PDF",
    "version": "Wersja z {datum}",
    "unchecked": "Tłumaczenie standardowe, jeszcze niesprawdzone.",
    "checked": "Tłumaczenie sprawdził(a): {naam}.",
    "outdated": "Ta część zmieniła się po niderlandzku. Tłumaczenie nie jest jeszcze poprawione. "
    "Dlatego pokazujemy też tekst niderlandzki.",
    "dutch": "Tekst niderlandzki",
    "page": "Strona",
    "missing": "proszę zapytać w szkole",
    "preparing_title": "PDF jest przygotowywany",
    "preparing_text": "Proszę chwilę poczekać. Ta strona odświeży się sama za kilka sekund.",
    "back": "Wróć do tekstu",
    "scan": "Zeskanuj kod, aby przeczytać ten tekst w telefonie, także w innym języku.",
}
