"""Turkish default translation."""

QUESTIONS = {
    "p_experience": "Ev ziyareti bizim için hoştu.",
    "p_experience_open": "Ziyarette neyi iyi buldunuz? Ne daha iyi olabilir?",
    "p_information": "Çocuğum için önemli olan şeyleri anlatabildim.",
    "p_relation": "Artık çocuğumun öğretmeniyle daha iyi iletişimim var.",
    "p_relation_ask": "Artık okula daha kolay soru sorabiliyorum.",
    "p_care": "Çocuğum için endişelenirsem okulda kime gideceğimi biliyorum.",
}

SCALE = ["Hiç doğru değil", "Doğru değil", "Biraz", "Doğru", "Çok doğru"]

UI = {
    "title": "Ev ziyareti hakkında sorular",
    "intro": "Ev ziyareti hakkında ne düşündüğünüzü bilmek istiyoruz. Yaklaşık 3 dakika sürer.",
    "anonymous": "Cevaplarınız isimsizdir. Okul kimin ne cevap verdiğini görmez.",
    "skip": "Bir soruyu boş bırakabilirsiniz.",
    "open_hint": "Cevabınız (boş bırakabilirsiniz)",
    "submit": "Gönder",
    "language": "Dil",
    "thanks_title": "Teşekkür ederiz!",
    "thanks": "Cevaplarınızı aldık. Başka bir şey yapmanıza gerek yok.",
    "empty": "Henüz hiçbir şey doldurmadınız. Lütfen en az 1 soruyu cevaplayın.",
    "invalid": "Bu bağlantı çalışmıyor. Lütfen okulun mesajındaki bağlantının tamamını kullanın.",
    "used": "Bu anket zaten dolduruldu. Her aile anketi 1 kez doldurabilir.",
    "expired": "Bu bağlantı artık çalışmıyor: cevap verme süresi bitti.",
    "closed": "Anket kapandı. Artık cevap veremezsiniz.",
    "questions_help": "Bir sorunuz mu var? Okulu arayın veya e-posta gönderin.",
    "in_dutch": "(Bu soru sadece Felemenkçe.)",
    "message": (
        "{school}: ev ziyaretini nasıl buldunuz? Lütfen kısa anketi doldurun. "
        "3 dakika sürer ve isimsizdir. {link} Bağlantı {date} tarihine kadar çalışır."
    ),
    "subject": "Ev ziyaretini nasıl buldunuz?",
}

# The invitation by SMS: one message (GSM-7, 160 characters) with the 87-character link, so
# written without the letters GSM-7 lacks (like the visit reminders); the extras are added only
# while it stays one message (evaluation/content/__init__.py, invitation_sms).
SMS = "{school}: ev ziyareti nasildi? Son gün {date}: {link}"
SMS_EXTRAS = ["Isimsiz, 3 dakika."]
