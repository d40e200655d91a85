"""The invitation message to parents, per language (defaults, not yet checked by native speakers).

Placeholders: {school}, {link}, {date} (the last day to choose, 18-12-2026). Plain (B1), numbers as
digits; the SMS has the school's short name, one sentence and the link (Turkish and Polish without
diacritics, as in the reminders, so the SMS stays GSM-7).
"""

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "sms": "{school}: kies zelf een tijd voor het huisbezoek: {link}",
        "subject": "Kies een tijd voor het huisbezoek",
        "body": "Beste ouder(s),\n\nWe komen graag bij u op huisbezoek. U kiest zelf een tijd die u past.\n"
        "Kies de tijd via deze link (tot {date}):\n{link}\n\nMet vriendelijke groet,\n{school}",
    },
    "en": {
        "sms": "{school}: choose a time for the home visit: {link}",
        "subject": "Choose a time for the home visit",
        "body": "Dear parent(s),\n\nWe would like to visit you at home. You choose a time that suits you.\n"
        "Choose the time with this link (until {date}):\n{link}\n\nKind regards,\n{school}",
    },
    "ar": {
        "sms": "{school}: اختاروا موعد الزيارة المنزلية: {link}",
        "subject": "اختاروا موعدا للزيارة المنزلية",
        "body": "أولياء الأمور الكرام،\n\nنود زيارتكم في البيت. اختاروا وقتا يناسبكم.\n"
        "اختاروا الوقت من هذا الرابط (حتى {date}):\n{link}\n\nمع أطيب التحيات،\n{school}",
    },
    "tr": {
        "sms": "{school}: Ev ziyareti icin saat secin: {link}",
        "subject": "Ev ziyareti için bir saat seçin",
        "body": "Sayın veli,\n\nSizi evinizde ziyaret etmek istiyoruz. Size uygun saati siz seçin.\n"
        "Saati bu bağlantıdan seçin ({date} tarihine kadar):\n{link}\n\nSaygılarımızla,\n{school}",
    },
    "pl": {
        "sms": "{school}: prosze wybrac termin wizyty domowej: {link}",
        "subject": "Proszę wybrać termin wizyty domowej",
        "body": "Drodzy Rodzice,\n\nChcemy odwiedzić Państwa w domu. Sami wybierają Państwo dogodny termin.\n"
        "Termin można wybrać przez ten link (do {date}):\n{link}\n\nZ poważaniem,\n{school}",
    },
    "uk": {
        "sms": "{school}: оберіть час домашнього візиту: {link}",
        "subject": "Оберіть час домашнього візиту",
        "body": "Шановні батьки,\n\nМи хочемо відвідати вас удома. Ви самі обираєте зручний час.\n"
        "Оберіть час за цим посиланням (до {date}):\n{link}\n\nЗ повагою,\n{school}",
    },
    "so": {
        "sms": "{school}: dooro waqtiga booqashada guriga: {link}",
        "subject": "Dooro waqti booqashada guriga",
        "body": "Waalidiinta sharafta leh,\n\nWaxaan jeclaan lahayn inaan idin booqanno guriga. "
        "Idinku dooro waqti idin habboon.\nKa dooro waqtiga linkigan (ilaa {date}):\n{link}\n\nMahadsanid,\n{school}",
    },
    "zgh": {
        "sms": "{school}: fren akud n tirza ɣer uxxam: {link}",
        "subject": "Fren akud n tirza ɣer uxxam",
        "body": "Azul a imawlan,\n\nNeb'ɣa ad d-nas ɣer uxxam-nwen. Fernet akud i wen-iwatan.\n"
        "Fernet akud s useɣwen-a (alamma {date}):\n{link}\n\nTanemmirt,\n{school}",
    },
}
