"""The default parent protocol in plain Dutch (B1): short sentences, common words, numbers as digits.

Written fresh for Huisbezoek. Each non-empty line is a paragraph; a line starting with "- " is a
list item. Words in {curly_braces} are filled in from the school's settings and programme.
"""

SECTIONS = {
    "purpose": (
        "Waarom komen we bij u thuis?",
        "De leerkracht van uw kind komt graag 1 keer bij u thuis.\n"
        "Zo leren we elkaar beter kennen.\n"
        "We praten over uw kind. Wat gaat goed? Wat vindt uw kind leuk? Wat is moeilijk?\n"
        "U vertelt over thuis. Wij vertellen over school. U mag ook vragen stellen.\n"
        "Uw kind mag erbij zijn. Dat vinden we fijn.\n"
        "Een huisbezoek betekent niet dat er iets mis is.",
    ),
    "visitors": (
        "Wie komt er?",
        "De leerkracht of de mentor van uw kind komt.\n"
        "Soms komt er een collega van school mee.\n"
        "U hoort altijd van tevoren wie er komt.",
    ),
    "female_visitor": (
        "Liever geen man op bezoek?",
        "Bent u alleen thuis en wilt u liever geen man op bezoek? Dat is goed.\n"
        "Zeg het als we de afspraak maken. Of bel de school: {school_telefoon}.\n"
        "Dan komt er een vrouw mee. Of er komt alleen een vrouw.\n"
        "U kunt ook kiezen voor een gesprek op school.",
    ),
    "appointment": (
        "Hoe maken we de afspraak?",
        "De leerkracht belt u eerst. Samen kiezen we een dag en een tijd.\n"
        "Veel bezoeken zijn aan het eind van de middag of in de avond.\n"
        "Daarna krijgt u de afspraak nog 1 keer. Met een bericht, een e-mail of een brief.\n"
        "Kan het toch niet? Bel of app de leerkracht. Dan kiezen we een nieuwe tijd.",
    ),
    "duration": (
        "Hoe lang duurt het?",
        "Het bezoek duurt ongeveer {duur_minuten} minuten.\n"
        "Het duurt nooit langer dan 60 minuten.\n"
        "De leerkracht zegt aan het begin hoe lang het duurt.",
    ),
    "frequency": (
        "Hoe vaak komen we?",
        "We komen {frequentie}.\n"
        "Meestal komen we in september of oktober. Dan is het schooljaar net begonnen.\n"
        "We komen niet in de vakantie en niet op een feestdag.",
    ),
    "interpreter": (
        "Een tolk",
        "Spreekt u liever een andere taal? Dan komt er een tolk mee.\n"
        "De school kan de tolk regelen. U mag ook zelf iemand vragen, bijvoorbeeld een familielid.\n"
        "Zeg het als we de afspraak maken.\n"
        "Uw kind is nooit de tolk. Uw kind hoeft niets te vertalen.",
    ),
    "information": (
        "Wat doen we met wat u vertelt?",
        "Na het bezoek schrijft de leerkracht een kort verslag.\n"
        "De belangrijkste punten komen in het dossier van uw kind.\n"
        "Alleen collega's die uw kind lesgeven, kunnen die punten lezen.\n"
        "Vertelt u iets persoonlijks? Dat vertellen we niet verder. "
        "Alleen de leerkracht en de zorgcoördinator kunnen dat lezen.\n"
        "Maken we ons zorgen over uw kind? Dan praten we met de zorgcoördinator van school.\n"
        "U mag altijd vragen wat we over uw kind hebben opgeschreven.",
    ),
    "declining": (
        "Wilt u geen huisbezoek?",
        "Dat mag. U hoeft geen bezoek te krijgen.\n"
        "Dan nodigen we u uit voor een gesprek op school.\n"
        "We vragen u waarom u liever geen bezoek wilt. Zo leren we ervan.\n"
        "Nee zeggen heeft geen gevolgen voor uw kind.",
    ),
    "confidant": (
        "De vertrouwenspersoon",
        "Wilt u over het bezoek praten met iemand anders? Bijvoorbeeld omdat iets niet goed ging?\n"
        "Neem dan contact op met de vertrouwenspersoon van de school:\n"
        "- {vertrouwenspersoon_naam}\n"
        "- Telefoon: {vertrouwenspersoon_telefoon}\n"
        "- E-mail: {vertrouwenspersoon_email}\n"
        "De vertrouwenspersoon luistert naar u en helpt u verder.\n"
        "De vertrouwenspersoon vertelt niets verder zonder dat u het goed vindt.",
    ),
    "questions": (
        "Heeft u een vraag?",
        "Heeft u of uw kind een vraag over het huisbezoek? Neem contact op met:\n"
        "- {contactpersoon_naam}\n"
        "- Telefoon: {contactpersoon_telefoon}\n"
        "- E-mail: {contactpersoon_email}\n"
        "U kunt ook de school bellen: {school_telefoon}. Of mail naar {school_email}.\n"
        "Uw kind kan ook altijd naar de eigen leerkracht of mentor gaan.",
    ),
}

FREQUENCY = {"yearly": "1 keer per schooljaar", "every_other_year": "1 keer per 2 schooljaren"}

LABELS = {
    "title": "Huisbezoek: zo werkt het",
    "choose_language": "Kies uw taal",
    "download": "Download als PDF",
    "version": "Versie van {datum}",
    "unchecked": "Standaardvertaling, nog niet gecontroleerd.",
    "checked": "Vertaling gecontroleerd door {naam}.",
    "outdated": "Dit deel is in het Nederlands veranderd. De vertaling is nog niet aangepast. "
    "Daarom staat de Nederlandse tekst erbij.",
    "dutch": "Nederlandse tekst",
    "page": "Pagina",
    "missing": "vraag het aan de school",
    "preparing_title": "De PDF wordt gemaakt",
    "preparing_text": "Een moment geduld. Deze pagina ververst vanzelf over een paar seconden.",
    "back": "Terug naar de tekst",
    "scan": "Scan de code. Dan leest u deze tekst op uw telefoon, ook in een andere taal.",
}
