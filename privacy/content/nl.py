"""Dutch (the source): what the school records about a home visit, in plain language (B1)."""


def years(n: int) -> str:
    return f"{n} jaar"


TITLE = "Privacy: wat de school vastlegt"
INTRO = (
    "{school} komt bij gezinnen op huisbezoek. De school schrijft daarover een paar dingen op. "
    "Hier leest u wat, waarom, hoe lang en wie het kan lezen."
)
SECTIONS = {
    "what": (
        "Wat schrijft de school op?",
        "- Uw naam en de namen van uw kinderen.\n"
        "- Uw adres en telefoonnummer.\n"
        "- Welke talen u thuis spreekt.\n"
        "- De dag van het huisbezoek.\n"
        "- Een kort verslag: hoe het gaat met uw kind en wat we samen afspreken.\n"
        "Vertelt u iets persoonlijks? Dan kan de leerkracht dat apart opschrijven. "
        "Dat deel is extra beveiligd.",
    ),
    "why": (
        "Waarom?",
        "We willen uw gezin leren kennen.\n"
        "Zo kunnen we uw kind beter helpen op school.\n"
        "En we weten later nog wat we samen hebben afgesproken.",
    ),
    "how_long": (
        "Hoe lang bewaart de school dit?",
        "Zolang uw kind op school zit.\n"
        "Gaat uw laatste kind van school? Dan bewaart de school het verslag en uw gegevens nog "
        "{family_years}. Daarna worden ze verwijderd.\n"
        "Heeft de school zich zorgen gemaakt en daarover een zorgdossier gemaakt? "
        "Dat dossier bewaart de school {care_years} nadat uw kind van school is gegaan.",
    ),
    "who": (
        "Wie kan het lezen?",
        "- De leerkracht die op bezoek kwam.\n"
        "- Collega's die uw kind les geven: alleen de belangrijkste punten.\n"
        "- Het persoonlijke deel: alleen de leerkracht die het opschreef en de zorgcoördinator van school.\n"
        "De directie ziet dat er een bezoek was, maar leest het verslag niet.\n"
        "De school geeft uw gegevens niet aan anderen. Alleen als de wet dat vraagt, "
        "bijvoorbeeld als een kind niet veilig is.",
    ),
    "rights": (
        "Wat mag u?",
        "- U mag vragen wat de school over uw gezin heeft opgeschreven. U krijgt het op papier of als bestand.\n"
        "- Klopt er iets niet? Dan mag u vragen om het te verbeteren of weg te halen.\n"
        "De school antwoordt binnen 1 maand.\n"
        "Bent u het niet eens met de school? Dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens.",
    ),
    "ask": (
        "Vragen?",
        "Vraag het aan de leerkracht van uw kind, of neem contact op met de school.",
    ),
}
PHONE = "Telefoon"
EMAIL = "E-mail"
CHOOSE_LANGUAGE = "Kies uw taal"
