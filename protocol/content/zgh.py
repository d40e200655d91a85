"""Tamazight (Berber) default translation in Latin script (not yet checked by a person).

Written in a simple, pan-Berber Latin orthography (ɣ, ɛ, ḍ, ṭ, ẓ). Tamazight has many
varieties; a school should have it read by a speaker of the families' own variety.
"""

SECTIONS = {
    "purpose": (
        "Acuɣer ara d-nas ɣer uxxam-nwen?",
        "Aselmad n mmi-tneɣ ad d-yas ɣer uxxam-nwen 1 n tikkelt.\n"
        "Akka ad nemyissin akteṛ.\n"
        "Ad nemmeslay ɣef mmi-tneɣ. Acu i iteddun akken iwata? Acu i iḥemmel? Acu i yewɛeṛ?\n"
        "Kunwi ad aɣ-d-temmeslayem ɣef uxxam. Nekkni ad awen-d-nemmeslay ɣef uɣerbaz. "
        "Tzemrem daɣen ad d-testeqsim.\n"
        "Mmi-tneɣ yezmer ad yili yid-neɣ. Aya yelha.\n"
        "Tirza ɣer uxxam ur d-tenni ara belli yella kra n wugur.",
    ),
    "visitors": (
        "Anwa ara d-yasen?",
        "Ad d-yas uselmad neɣ amenṭuṛ n mmi-tneɣ.\n"
        "Tikwal ad d-yas daɣen yiwen n umeddakel seg uɣerbaz.\n"
        "Yal tikkelt ad tessnem uqbel anwa ara d-yasen.",
    ),
    "female_visitor": (
        "Ur tebɣiḍ ara ad d-yas urgaz?",
        "Tellid weḥd-m deg uxxam, ur tebɣiḍ ara ad d-yas urgaz? Ulac ugur.\n"
        "Ini-t-id mi ara nesbadu asaru. Neɣ siwel i uɣerbaz: {school_telefoon}.\n"
        "Dɣa ad d-tas yiwet n tmeṭṭut yid-s. Neɣ ad d-tas tmeṭṭut kan.\n"
        "Tzemreḍ daɣen ad tferneḍ amyannan deg uɣerbaz.",
    ),
    "appointment": (
        "Amek ara nesbadu asaru?",
        "Aselmad ad awen-d-isiwel qbel. Akk-d kunwi ad nefren ass d usrag.\n"
        "Aṭas n tirzaɣ d tameddit neɣ deg yiḍ.\n"
        "Syin ad d-teṭṭfem asaru tikkelt nniḍen: s yizen, s imayl neɣ s tebṛat.\n"
        "Ur iwata ara? Siwlet neɣ azen izen i uselmad. Ad nefren akud amaynut.",
    ),
    "duration": (
        "Acḥal ara tekkes?",
        "Tirza tettekkes azal n {duur_minuten} n tesdidin.\n"
        "Werǧin tettekkes ugar n 60 n tesdidin.\n"
        "Deg tazwara aselmad ad d-yini acḥal ara tekkes.",
    ),
    "frequency": (
        "Acḥal n tikkal ara d-nas?",
        "Ad d-nas {frequentie}.\n"
        "S umata nettas-d deg Ctembeṛ neɣ deg Tubeṛ, mi ara ibdu useggas n uɣerbaz.\n"
        "Ur nettas ara deg usteɛfu, ur nettas ara ass n lɛid.",
    ),
    "interpreter": (
        "Amsuqel",
        "Tebɣam ad temmeslayem s tutlayt nniḍen? Dɣa ad d-yas umsuqel.\n"
        "Aɣerbaz yezmer ad d-yaf amsuqel. Tzemrem daɣen ad d-tsutrem yiwen, am yiwen seg twacult.\n"
        "Init-id mi ara nesbadu asaru.\n"
        "Mmi-tneɣ werǧin d amsuqel. Mmi-tneɣ ur yesɛi ara ad isuqel kra.",
    ),
    "information": (
        "Acu ara nexdem s wayen ara aɣ-d-tinim?",
        "Deffir n tirza, aselmad ad yaru aneqqis awezlan.\n"
        "Tineqqiḍin timeqqranin ad kecment deg ufaylu n mmi-tneɣ deg uɣerbaz.\n"
        "D imeddukal kan i yesselmaden mmi-tneɣ i yezmren ad ɣren tineqqiḍin-a.\n"
        "Tenna-d kra n wayen yerzan kunwi? Ur t-nettak ara i wiyaḍ. "
        "D aselmad d umsuddes n tallelt kan i yezmren ad t-ɣren.\n"
        "Nqelleq ɣef mmi-tneɣ? Dɣa ad nemmeslay d umsuddes n tallelt n uɣerbaz.\n"
        "Yal tikkelt tzemrem ad testeqsim acu i d-nura ɣef mmi-tneɣ.",
    ),
    "declining": (
        "Ur tebɣim ara tirza ɣer uxxam?",
        "Ulac ugur. Ur tettwaḥetmem ara ad tqeblem tirza.\n"
        "Dɣa ad awen-d-nɛeṛḍ i umyannan deg uɣerbaz.\n"
        "Ad awen-nesteqsi acuɣer ur tebɣim ara tirza. Akka ad nelmed.\n"
        "Ma tennam ala, ulac acu ara yeḍrun i mmi-tneɣ.",
    ),
    "confidant": (
        "Amdan n ttiqa",
        "Tebɣam ad temmeslayem ɣef tirza d yiwen nniḍen? Am akken kra ur yeddi ara akken iwata?\n"
        "Nermset amdan n ttiqa n uɣerbaz:\n"
        "- {vertrouwenspersoon_naam}\n"
        "- Tiliɣri: {vertrouwenspersoon_telefoon}\n"
        "- Imayl: {vertrouwenspersoon_email}\n"
        "Amdan n ttiqa ad awen-isel yerna ad awen-iɛawen.\n"
        "Amdan n ttiqa ur yettini kra i yiwen mebla tasiregt-nwen.",
    ),
    "questions": (
        "Tesɛam asteqsi?",
        "Kunwi neɣ mmi-tneɣ tesɛam asteqsi ɣef tirza ɣer uxxam? Nermset:\n"
        "- {contactpersoon_naam}\n"
        "- Tiliɣri: {contactpersoon_telefoon}\n"
        "- Imayl: {contactpersoon_email}\n"
        "Tzemrem daɣen ad tsiwlem i uɣerbaz: {school_telefoon}. Neɣ aru ɣer {school_email}.\n"
        "Mmi-tneɣ yezmer yal tikkelt ad iruḥ ɣer uselmad-is neɣ ɣer umenṭuṛ-is.",
    ),
}

FREQUENCY = {"yearly": "1 n tikkelt yal aseggas n uɣerbaz", "every_other_year": "1 n tikkelt yal 2 iseggasen n uɣerbaz"}

LABELS = {
    "title": "Tirza ɣer uxxam: amek tteddu",
    "choose_language": "Fren tutlayt-nwen",
    "download": "Sider PDF",
    "version": "Lqem n {datum}",
    "unchecked": "Tasuqilt tamezwarut, ur tettwaselken ara yakan.",
    "checked": "Tasuqilt tettwaselken sɣur {naam}.",
    "outdated": "Tasekkilt-a tbeddel s tutlayt n Holanda. Tasuqilt ur tettwabeddel ara yakan. "
    "Daymi i d-nesken daɣen aḍris s tutlayt n Holanda.",
    "dutch": "Aḍris s tutlayt n Holanda",
    "page": "Asebter",
    "missing": "steqsi aɣerbaz",
    "preparing_title": "PDF atan yettwaheyya",
    "preparing_text": "Ṛǧu cwiṭ. Asebter-a ad yales ad d-yali weḥd-s deg kra n tsinin.",
    "back": "Uɣal ɣer uḍris",
    "scan": "Ssekcem tangalt akken ad teɣreḍ aḍris-a deg tiliɣri-k, ula s tutlayin nniḍen.",
}
