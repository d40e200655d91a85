"""Somali default translation (not yet checked by a person)."""

SECTIONS = {
    "purpose": (
        "Maxaan gurigaaga u imaaneynaa?",
        "Macallinka ilmahaagu wuxuu jecel yahay inuu 1 mar kuu yimaado gurigaaga.\n"
        "Sidaas ayaan isu si fiican u barannaa.\n"
        "Waxaan ka hadalnaa ilmahaaga. Maxaa si fiican u socda? Muxuu ilmahaagu jecel yahay? Maxaa adag?\n"
        "Adiga waxaad noo sheegtaa guriga. Annaga waxaan kuu sheegnaa dugsiga. Su'aalo ayaad weydiin kartaa.\n"
        "Ilmahaagu wuu joogi karaa. Taas waan jecelnahay.\n"
        "Booqashada gurigu macnaheedu maaha in wax khaldan yihiin.",
    ),
    "visitors": (
        "Yaa imanaya?",
        "Waxaa imanaya macallinka ama lataliyaha ilmahaaga.\n"
        "Mararka qaarkood shaqaale kale oo dugsiga ah ayaa la socda.\n"
        "Had iyo jeer waad ogaan doontaa hore cidda imaanaysa.",
    ),
    "female_visitor": (
        "Ma doorbidaysaa in nin uusan ku soo booqan?",
        "Ma keligaa ayaad guriga joogtaa oo ma doorbidaysaa in nin uusan ku soo booqan? Taasi waa caadi.\n"
        "Noo sheeg marka aan ballanta samaynayno. Ama wac dugsiga: {school_telefoon}.\n"
        "Markaas haweeney ayaa la socota. Ama haweeney keliya ayaa timaada.\n"
        "Waxaad sidoo kale dooran kartaa wada hadal dugsiga ah.",
    ),
    "appointment": (
        "Sidee ballanta u samaynaa?",
        "Macallinku marka hore wuu ku soo wacayaa. Wadajir ayaan u dooranaa maalin iyo waqti.\n"
        "Booqashooyin badan waa galabta dambe ama fiidkii.\n"
        "Kadib ballanta mar kale ayaad heleysaa. Fariin, iimayl ama warqad.\n"
        "Ma kuu suurtagal ma aha? Wac ama fariin u dir macallinka. Waqti cusub ayaan dooranaynaa.",
    ),
    "duration": (
        "Intee ayay qaadataa?",
        "Booqashadu waxay qaadataa qiyaastii {duur_minuten} daqiiqo.\n"
        "Marnaba kama badnaato 60 daqiiqo.\n"
        "Bilowga macallinku wuxuu sheegaa inta ay qaadanayso.",
    ),
    "frequency": (
        "Immisa jeer ayaan imaanaa?",
        "Waxaan imaanaa {frequentie}.\n"
        "Inta badan waxaan imaanaa bisha September ama October, bilowga sannad dugsiyeedka.\n"
        "Ma nimaadno fasaxa ama maalmaha ciidaha.",
    ),
    "interpreter": (
        "Turjubaan",
        "Ma doorbidaysaa inaad ku hadasho luqad kale? Markaas turjubaan ayaa la socda.\n"
        "Dugsigu wuu diyaarin karaa turjubaanka. Sidoo kale adigu qof ayaad weydiisan kartaa, "
        "tusaale ahaan qof qoyska ka mid ah.\n"
        "Noo sheeg marka aan ballanta samaynayno.\n"
        "Ilmahaagu marnaba ma noqdo turjubaanka. Ilmahaagu waxba uma baahna inuu turjumo.",
    ),
    "information": (
        "Maxaan ku samaynaa waxaad noo sheegto?",
        "Booqashada kadib macallinku wuxuu qoraa warbixin gaaban.\n"
        "Qodobbada ugu muhiimsan waxay galaan faylka ilmahaaga ee dugsiga.\n"
        "Qodobbadaas waxaa akhrin kara oo keliya macallimiinta wax bara ilmahaaga.\n"
        "Ma noo sheegtaa wax gaar ah? Cid kale uma gudbinno. "
        "Waxaa akhrin kara oo keliya macallinka iyo isku-duwaha daryeelka.\n"
        "Ma ka welwelsannahay ilmahaaga? Markaas waxaan la hadalnaa isku-duwaha daryeelka ee dugsiga.\n"
        "Had iyo jeer waad weydiin kartaa waxa aan ka qornay ilmahaaga.",
    ),
    "declining": (
        "Ma rabtid booqasho guri?",
        "Taasi waa la oggol yahay. Kuma khasbana inaad booqasho aqbasho.\n"
        "Markaas waxaan kuugu yeeraynaa wada hadal dugsiga ah.\n"
        "Waxaan ku weydiinaynaa sababta aadan u rabin booqasho. Taas ayaan wax ka baranaa.\n"
        "Diidmadu wax cawaaqib ah uma laha ilmahaaga.",
    ),
    "confidant": (
        "Qofka lagu kalsoon yahay",
        "Ma rabtaa inaad booqashada kala hadasho qof kale? Tusaale ahaan sababtoo ah wax si fiican uma dhicin?\n"
        "La xiriir qofka lagu kalsoon yahay ee dugsiga:\n"
        "- {vertrouwenspersoon_naam}\n"
        "- Telefoon: {vertrouwenspersoon_telefoon}\n"
        "- Iimayl: {vertrouwenspersoon_email}\n"
        "Qofka lagu kalsoon yahay wuu ku dhageystaa wuuna ku caawiyaa.\n"
        "Qofka lagu kalsoon yahay cidna waxba uma sheego oggolaanshahaaga la'aantiis.",
    ),
    "questions": (
        "Ma qabtaa su'aal?",
        "Adiga ama ilmahaagu ma qabtaan su'aal ku saabsan booqashada guriga? La xiriir:\n"
        "- {contactpersoon_naam}\n"
        "- Telefoon: {contactpersoon_telefoon}\n"
        "- Iimayl: {contactpersoon_email}\n"
        "Sidoo kale waad wici kartaa dugsiga: {school_telefoon}. Ama u qor {school_email}.\n"
        "Ilmahaagu had iyo jeer wuu u tegi karaa macallinkiisa ama lataliyihiisa.",
    ),
}

FREQUENCY = {"yearly": "1 mar sannad dugsiyeed kasta", "every_other_year": "1 mar 2dii sannad dugsiyeed"}

LABELS = {
    "title": "Booqashada guriga: sida ay u shaqeyso",
    "choose_language": "Dooro luqaddaada",
    "download": "Soo deji PDF",
    "version": "Nuqulka {datum}",
    "unchecked": "Turjumaad caadi ah, weli lama hubin.",
    "checked": "Turjumaadda waxaa hubiyay: {naam}.",
    "outdated": "Qaybtan waxaa lagu beddelay luqadda Nederlandka. Turjumaadda weli lama cusboonaysiin. "
    "Sidaas darteed qoraalka Nederlandka ayaa sidoo kale ku jira.",
    "dutch": "Qoraalka Nederlandka",
    "page": "Bogga",
    "missing": "weydii dugsiga",
    "preparing_title": "PDF-ka waa la diyaarinayaa",
    "preparing_text": "Fadlan in yar sug. Boggani wuxuu iskiis u cusboonaanayaa dhowr ilbiriqsi kadib.",
    "back": "Ku noqo qoraalka",
    "scan": "Iskaan garee koodka si aad qoraalkan ugu akhriso taleefankaaga, luqado kale sidoo kale.",
}
