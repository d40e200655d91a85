"""Arabic (Modern Standard Arabic) default translation, right to left."""

QUESTIONS = {
    "p_experience": "كانت الزيارة المنزلية لطيفة بالنسبة لنا.",
    "p_experience_open": "ما الذي أعجبك في الزيارة؟ وما الذي يمكن أن يكون أفضل؟",
    "p_information": "استطعت أن أقول ما هو مهم لطفلي.",
    "p_relation": "لدي الآن تواصل أفضل مع معلم طفلي.",
    "p_relation_ask": "أصبح من الأسهل علي الآن أن أسأل المدرسة.",
    "p_care": "أعرف إلى من أتوجه في المدرسة إذا كنت قلقًا على طفلي.",
}

SCALE = ["غير صحيح أبدًا", "غير صحيح", "قليلًا", "صحيح", "صحيح تمامًا"]

UI = {
    "title": "أسئلة عن الزيارة المنزلية",
    "intro": "نود أن نعرف رأيك في الزيارة المنزلية. يستغرق ذلك حوالي 3 دقائق.",
    "anonymous": "إجاباتك بدون اسم. المدرسة لا ترى من أجاب بماذا.",
    "skip": "يمكنك ترك سؤال بدون إجابة.",
    "open_hint": "إجابتك (يمكن تركها فارغة)",
    "submit": "إرسال",
    "language": "اللغة",
    "thanks_title": "شكرًا لك!",
    "thanks": "وصلتنا إجاباتك. لا تحتاج إلى فعل أي شيء آخر.",
    "empty": "لم تملأ أي شيء بعد. أجب عن سؤال واحد على الأقل.",
    "invalid": "هذا الرابط لا يعمل. استخدم الرابط كاملًا من رسالة المدرسة.",
    "used": "تم ملء هذا الاستبيان من قبل. يمكن لكل عائلة ملؤه مرة واحدة.",
    "expired": "هذا الرابط لم يعد يعمل: انتهى وقت الإجابة.",
    "closed": "الاستبيان مغلق. لم يعد بإمكانك الإجابة.",
    "questions_help": "هل لديك سؤال؟ اتصل بالمدرسة أو راسلها.",
    "in_dutch": "(هذا السؤال باللغة الهولندية فقط.)",
    "message": (
        "{school}: ما رأيك في الزيارة المنزلية؟ املأ الاستبيان القصير من فضلك. "
        "يستغرق 3 دقائق وهو بدون اسم. {link} يعمل الرابط حتى {date}."
    ),
    "subject": "ما رأيك في الزيارة المنزلية؟",
}

# The invitation by SMS. Any message in this script is UCS-2 (70 characters, 67 per part) and
# the personal link alone takes 87: it goes as 2 parts; the extras are added only while they
# add no part (evaluation/content/__init__.py, invitation_sms).
SMS = "{school}: كيف كانت الزيارة؟ {link}"
SMS_EXTRAS = ["حتى {date}"]
