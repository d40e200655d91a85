"""Somali words of the parents' booking page (default translation)."""

WEEKDAYS = ["Isniin", "Talaado", "Arbaco", "Khamiis", "Jimce", "Sabti", "Axad"]

UI = {
    "title": "Dooro waqti booqashada guriga",
    "intro": "Waxaan jeclaan lahayn inaan idin booqanno guriga. Booqashadu waxay qaadataa {minutes} daqiiqo. "
    "Hoos ka dooro waqti.",
    "language": "Luqadda",
    "choose": "Dooro",
    "no_slots": "Hadda ma jiro waqti bannaan. Fadlan wac dugsiga.",
    "taken": "Qoys kale ayaa hadda doortay waqtigan. Fadlan dooro waqti kale.",
    "booked_title": "Ballantiinna",
    "booked": "Ballantiinnu waa go'an tahay. Nabad gelyo!",
    "when": "Goorma",
    "who": "Yaa imanaya",
    "protocol": "Akhri sida booqashada guriga loo sameeyo",
    "teacher": "macallin",
    "colleague": "shaqaale kale",
    "interpreter": "turjubaan",
    "move": "Dooro waqti kale",
    "cancel": "Jooji ballanta",
    "cancel_confirm": "Haa, waan joojinayaa ballanta",
    "cancelled": "Waad joojiseen ballanta. Dugsigu wuu idinla soo xiriiri doonaa.",
    "too_late": "Ma rabtaan inaad beddeshaan ama joojisaan ballanta? Fadlan wac dugsiga.",
    "other_title": "Ma rabtaan wax kale?",
    "phone_call": "Waxaan doorbidayaa inaan telefoon ku hadalno",
    "school_talk": "Waxaan doorbidayaa kulan dugsiga",
    "interpreter_needed": "Waxaan u baahanahay turjubaan",
    "female_visitor": "Waxaan rabaa in haween i booqato",
    "asked": "Mahadsanid. Macallinku wuu helay su'aashiinna, wuuna idinla soo xiriiri doonaa.",
    "invalid": "Linkigan ma shaqaynayo. Isticmaal linkiga oo dhan ee fariinta dugsiga.",
    "expired": "Linkigan hadda ma shaqaynayo. Fadlan wac dugsiga.",
    "closed": "Halkan hadda waqti kama dooran kartaan. Fadlan wac dugsiga.",
    "phone": "Telefoonka dugsiga",
    "minutes": "{minutes} daqiiqo",
}
