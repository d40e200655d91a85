"""Tamazight (Berber) in Latin script: what the school records about a home visit.

Written fresh for this product in the simple pan-Berber Latin orthography of the protocol's
translation (not yet checked by a person); a school should have it read by a speaker of the
families' own variety."""


def years(n: int) -> str:
    return "1 n useggas" if n == 1 else f"{n} n iseggasen"


TITLE = "Tabaḍnit: acu i yettaru uɣerbaz"
INTRO = (
    "{school} ad d-yas ɣer yexxamen n twaculin. Aɣerbaz ad yaru kra n tɣawsiwin ɣef tirza-a. "
    "Da ad teɣrem acu, acuɣer, acḥal n wakud ara t-yeḥrez, d wanwa i yezmren ad t-iɣer."
)
SECTIONS = {
    "what": (
        "Acu i yettaru uɣerbaz?",
        "- Isem-nwen d yismawen n warraw-nwen.\n"
        "- Tansa-nwen d wuṭṭun n tiliɣri-nwen.\n"
        "- Tutlayin i tettmeslayem deg uxxam.\n"
        "- Ass n tirza ɣer uxxam.\n"
        "- Aneqqis awezlan: amek yella mmi-tneɣ d wayen i nemsefham akk-d kunwi.\n"
        "Tenna-d kra n wayen yerzan kunwi? Aselmad yezmer ad t-yaru weḥd-s. Aḥric-a yettwaḥrez ugar.",
    ),
    "why": (
        "Acuɣer?",
        "Nebɣa ad nissin tawacult-nwen.\n"
        "Akka ad nɛiwen mmi-tneɣ akteṛ deg uɣerbaz.\n"
        "Syin ɣer zdat ad neẓer mazal acu i nemsefham.",
    ),
    "how_long": (
        "Acḥal ara t-yeḥrez uɣerbaz?",
        "Alamma mmi-tneɣ yella deg uɣerbaz.\n"
        "Aqcic neɣ taqcict-nwen taneggarut teffeɣ seg uɣerbaz? Dɣa aɣerbaz ad yeḥrez aneqqis d yisefka-nwen "
        "mazal {family_years}. Syin ad ttwakksen.\n"
        "Aɣerbaz yella yeqlaq yerna yeldi afaylu n tallelt? "
        "Aɣerbaz ad yeḥrez afaylu-a {care_years} deffir n wass ideg yeffeɣ mmi-tneɣ seg uɣerbaz.",
    ),
    "who": (
        "Anwa i yezmren ad t-iɣer?",
        "- Aselmad i d-yusan ɣer uxxam.\n"
        "- Imeddukal i yesselmaden mmi-tneɣ: tineqqiḍin timeqqranin kan.\n"
        "- Aḥric n wayen yerzan kunwi: d aselmad i t-yuran d umsuddes n tallelt n uɣerbaz kan.\n"
        "Tanemhalt n uɣerbaz teẓra belli tella tirza, maca ur teqqar ara aneqqis.\n"
        "Aɣerbaz ur yettak ara isefka-nwen i wiyaḍ. Ala ma yessuter-it usaḍuf, "
        "amedya ma yella weqcic ur yelli ara deg laman.",
    ),
    "rights": (
        "Acu i wen-yettwasirgen?",
        "- Tzemrem ad testeqsim acu i yura uɣerbaz ɣef twacult-nwen. Ad t-id-teṭṭfem ɣef lkaɣeḍ neɣ d afaylu.\n"
        "- Yella kra ur nelhi ara? Tzemrem ad tessutrem ad yettwaseɣti neɣ ad yettwakkes.\n"
        "Aɣerbaz ad d-yerr deg 1 n wayyur.\n"
        "Ur tqebblem ara d uɣerbaz? Tzemrem ad tazenem acetki ɣer tdebbelt n ummesten n yisefka n Hulanda "
        "(Autoriteit Persoonsgegevens).",
    ),
    "ask": (
        "Tesɛam asteqsi?",
        "Steqsit aselmad n mmi-tneɣ, neɣ nermset d uɣerbaz.",
    ),
}
PHONE = "Tiliɣri"
EMAIL = "Imayl"
CHOOSE_LANGUAGE = "Fren tutlayt-nwen"
