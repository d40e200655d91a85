"""Dutch: the source texts (plain Dutch, B1)."""

QUESTIONS = {
    # Teachers
    "t_experience": "De huisbezoeken waren de tijd die ze kostten waard.",
    "t_prepared": "Ik was goed voorbereid op de bezoeken.",
    "t_experience_open": "Wat ging goed, en wat liep stroef bij het plannen en afleggen van de bezoeken?",
    "t_information": "Ik weet door de bezoeken dingen over mijn leerlingen die ik in de klas gebruik.",
    "t_information_open": "Noem een voorbeeld van iets wat u door een bezoek te weten kwam en waar u iets mee deed.",
    "t_relation_parents": "Het contact met de ouders is door de bezoeken beter geworden.",
    "t_relation_pupils": "Het contact met de leerlingen is door de bezoeken beter geworden.",
    "t_care": "Als ik de zorgcoördinator nodig had, ging het overleg zoals ik wilde.",
    "t_care_open": "Wat kan beter aan de steun van de zorgcoördinator voor of na een bezoek?",
    # Parents
    "p_experience": "Het huisbezoek was prettig voor ons.",
    "p_experience_open": "Wat vond u goed aan het bezoek? En wat kan beter?",
    "p_information": "Ik kon vertellen wat belangrijk is voor mijn kind.",
    "p_relation": "Ik heb nu beter contact met de leerkracht van mijn kind.",
    "p_relation_ask": "Ik durf de school nu sneller iets te vragen.",
    "p_care": "Ik weet bij wie op school ik terecht kan als ik me zorgen maak over mijn kind.",
    # Pupils
    "l_experience": "Ik vond het fijn dat mijn leerkracht bij ons thuis kwam.",
    "l_information": "Mijn leerkracht weet nu beter wat ik leuk en wat ik moeilijk vind.",
    "l_relation": "Ik durf nu makkelijker iets te vragen aan mijn leerkracht.",
    "l_open": "Wil je nog iets zeggen over het huisbezoek?",
}

SCALE = ["Helemaal niet waar", "Niet waar", "Een beetje", "Waar", "Helemaal waar"]

UI = {
    "title": "Vragenlijst over het huisbezoek",
    "intro": "Wij willen graag weten wat u van het huisbezoek vond. Dat duurt ongeveer 3 minuten.",
    "anonymous": "U vult de lijst anoniem in. De school ziet niet wie wat heeft geantwoord.",
    "skip": "U mag een vraag overslaan.",
    "open_hint": "Uw antwoord (mag leeg blijven)",
    "submit": "Versturen",
    "language": "Taal",
    "thanks_title": "Dank u wel!",
    "thanks": "Uw antwoorden zijn ontvangen. U hoeft niets meer te doen.",
    "empty": "U heeft nog niets ingevuld. Beantwoord minstens 1 vraag.",
    "invalid": "Deze link werkt niet. Gebruik de hele link uit het bericht van de school.",
    "used": "Deze vragenlijst is al ingevuld. Elk gezin kan hem 1 keer invullen.",
    "expired": "Deze link werkt niet meer: de tijd om te antwoorden is voorbij.",
    "closed": "De vragenlijst is gesloten. U kunt niet meer antwoorden.",
    "questions_help": "Heeft u een vraag? Bel of mail de school.",
    "in_dutch": "(Deze vraag staat alleen in het Nederlands.)",
    "message": (
        "{school}: hoe vond u het huisbezoek? Vul de korte vragenlijst in. Het duurt 3 minuten en is anoniem. "
        "{link} De link werkt tot {date}."
    ),
    "subject": "Hoe vond u het huisbezoek?",
}

# The invitation by SMS: one message (GSM-7, 160 characters) with the 87-character link; the
# extras are added only while it stays one message (evaluation/content/__init__.py, invitation_sms).
SMS = "{school}: hoe was het huisbezoek? Vul in tot {date}: {link}"
SMS_EXTRAS = ["Anoniem, 3 minuten."]
