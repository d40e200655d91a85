"""Somali: what the school records about a home visit, in plain language.
Written fresh for this product (not yet checked by a person)."""


def years(n: int) -> str:
    return "1 sano" if n == 1 else f"{n} sano"


TITLE = "Arrimaha gaarka ah: waxa dugsigu qoro"
INTRO = (
    "{school} waxay qoysaska ku booqataa gurigooda. Dugsigu wuxuu booqashada ka qoraa dhowr waxyaabood. "
    "Halkan waxaad ka akhrinaysaa waxa la qoro, sababta, inta la hayo iyo cidda akhrin karta."
)
SECTIONS = {
    "what": (
        "Maxay dugsigu qoraan?",
        "- Magacaaga iyo magacyada carruurtaada.\n"
        "- Cinwaankaaga iyo lambarka taleefankaaga.\n"
        "- Luqadaha aad guriga ku hadashaan.\n"
        "- Maalinta booqashada guriga.\n"
        "- Warbixin gaaban: sida uu ilmahaagu u socdo iyo waxa aan wada isku raacno.\n"
        "Ma noo sheegtaa wax gaar ah? Macallinku si gaar ah ayuu u qori karaa. "
        "Qaybtaas si dheeraad ah ayaa loo ilaaliyaa.",
    ),
    "why": (
        "Waa maxay sababta?",
        "Waxaan rabnaa inaan barano qoyskaaga.\n"
        "Sidaas ayaan ilmahaaga dugsiga si fiican ugu caawin karnaa.\n"
        "Oo mar dambe waan ognahay waxa aan isku raacnay.",
    ),
    "how_long": (
        "Intee ayuu dugsigu hayaa?",
        "Inta ilmahaagu dugsiga dhigto.\n"
        "Ilmahaagii ugu dambeeyay ma ka tagay dugsiga? Markaas dugsigu wuxuu warbixinta iyo xogtaada "
        "sii hayaa {family_years} kale. Kadib waa la tirtiraa.\n"
        "Dugsigu ma ka welwelay oo ma furay fayl daryeel? "
        "Dugsigu faylkaas wuxuu hayaa {care_years} kadib marka ilmahaagu dugsiga ka tago.",
    ),
    "who": (
        "Yaa akhrin kara?",
        "- Macallinka booqashada yimid.\n"
        "- Macallimiinta wax bara ilmahaaga: qodobbada ugu muhiimsan oo keliya.\n"
        "- Qaybta gaarka ah: macallinka qoray iyo isku-duwaha daryeelka ee dugsiga oo keliya.\n"
        "Maamulka dugsigu wuxuu arkaa in booqasho dhacday, laakiin ma akhriyo warbixinta.\n"
        "Dugsigu xogtaada uma gudbiyo dad kale. Kaliya marka sharcigu dalbado, "
        "tusaale ahaan marka ilmo uusan nabad ahayn.",
    ),
    "rights": (
        "Maxaa kuu bannaan?",
        "- Waad weydiin kartaa waxa dugsigu ka qoray qoyskaaga. Waxaad ku helaysaa warqad ama fayl ahaan.\n"
        "- Wax ma khaldan yihiin? Waad codsan kartaa in la saxo ama la tirtiro.\n"
        "Dugsigu wuxuu ku jawaabaa 1 bil gudaheed.\n"
        "Ma ku raacsanid dugsiga? Waxaad cabasho u gudbin kartaa hay'adda ilaalinta xogta ee Nederland "
        "(Autoriteit Persoonsgegevens).",
    ),
    "ask": (
        "Ma qabtaa su'aalo?",
        "Weydii macallinka ilmahaaga, ama la xiriir dugsiga.",
    ),
}
PHONE = "Taleefan"
EMAIL = "Iimayl"
CHOOSE_LANGUAGE = "Dooro luqaddaada"
