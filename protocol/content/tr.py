"""Turkish default translation (not yet checked by a person)."""

SECTIONS = {
    "purpose": (
        "Neden evinize geliyoruz?",
        "Çocuğunuzun öğretmeni sizi evinizde 1 kez ziyaret etmek istiyor.\n"
        "Böylece birbirimizi daha iyi tanıyoruz.\n"
        "Çocuğunuz hakkında konuşuruz. Neler iyi gidiyor? Çocuğunuz neyi seviyor? Neler zor?\n"
        "Siz bize evden bahsedersiniz. Biz size okuldan bahsederiz. Siz de soru sorabilirsiniz.\n"
        "Çocuğunuz da yanımızda olabilir. Bunu isteriz.\n"
        "Ev ziyareti, bir sorun olduğu anlamına gelmez.",
    ),
    "visitors": (
        "Kim geliyor?",
        "Çocuğunuzun öğretmeni veya mentoru gelir.\n"
        "Bazen okuldan bir meslektaş da gelir.\n"
        "Kimin geleceğini her zaman önceden öğrenirsiniz.",
    ),
    "female_visitor": (
        "Bir erkeğin gelmesini istemiyor musunuz?",
        "Evde yalnız mısınız ve bir erkeğin gelmesini istemiyor musunuz? Bu olur.\n"
        "Randevu alırken bunu söyleyin. Ya da okulu arayın: {school_telefoon}.\n"
        "O zaman yanında bir kadın gelir. Ya da sadece bir kadın gelir.\n"
        "Okulda bir görüşme de seçebilirsiniz.",
    ),
    "appointment": (
        "Randevuyu nasıl alıyoruz?",
        "Öğretmen önce sizi arar. Birlikte bir gün ve saat seçeriz.\n"
        "Ziyaretlerin çoğu öğleden sonra geç saatte veya akşamdır.\n"
        "Sonra randevuyu 1 kez daha alırsınız. Mesajla, e-postayla veya mektupla.\n"
        "Olmuyor mu? Öğretmeni arayın veya mesaj atın. Yeni bir saat seçeriz.",
    ),
    "duration": (
        "Ne kadar sürer?",
        "Ziyaret yaklaşık {duur_minuten} dakika sürer.\n"
        "Asla 60 dakikadan uzun sürmez.\n"
        "Öğretmen başta ne kadar süreceğini söyler.",
    ),
    "frequency": (
        "Ne sıklıkla geliyoruz?",
        "{frequentie} geliyoruz.\n"
        "Genellikle eylül veya ekim ayında geliriz. O zaman okul yılı yeni başlamıştır.\n"
        "Tatilde ve bayram günlerinde gelmeyiz.",
    ),
    "interpreter": (
        "Tercüman",
        "Başka bir dilde konuşmayı mı tercih edersiniz? O zaman bir tercüman da gelir.\n"
        "Tercümanı okul ayarlayabilir. Siz de birini isteyebilirsiniz, örneğin bir akrabanızı.\n"
        "Randevu alırken bunu söyleyin.\n"
        "Çocuğunuz asla tercüman olmaz. Çocuğunuz hiçbir şey çevirmek zorunda değildir.",
    ),
    "information": (
        "Anlattıklarınızla ne yapıyoruz?",
        "Ziyaretten sonra öğretmen kısa bir rapor yazar.\n"
        "En önemli noktalar çocuğunuzun dosyasına girer.\n"
        "Bu noktaları sadece çocuğunuza ders veren meslektaşlar okuyabilir.\n"
        "Kişisel bir şey mi anlatıyorsunuz? Bunu başkasına anlatmayız. "
        "Bunu sadece öğretmen ve rehberlik koordinatörü okuyabilir.\n"
        "Çocuğunuz için endişeleniyor muyuz? O zaman okulun rehberlik koordinatörü ile konuşuruz.\n"
        "Çocuğunuz hakkında ne yazdığımızı her zaman sorabilirsiniz.",
    ),
    "declining": (
        "Ev ziyareti istemiyor musunuz?",
        "Bu serbesttir. Ziyaret kabul etmek zorunda değilsiniz.\n"
        "O zaman sizi okulda bir görüşmeye davet ederiz.\n"
        "Neden ziyaret istemediğinizi sorarız. Bundan öğreniriz.\n"
        "Hayır demenin çocuğunuz için hiçbir sonucu yoktur.",
    ),
    "confidant": (
        "Güven kişisi",
        "Ziyaret hakkında başka biriyle konuşmak mı istiyorsunuz? Örneğin bir şey iyi gitmediği için?\n"
        "O zaman okulun güven kişisiyle iletişime geçin:\n"
        "- {vertrouwenspersoon_naam}\n"
        "- Telefon: {vertrouwenspersoon_telefoon}\n"
        "- E-posta: {vertrouwenspersoon_email}\n"
        "Güven kişisi sizi dinler ve size yardım eder.\n"
        "Güven kişisi sizin izniniz olmadan kimseye bir şey anlatmaz.",
    ),
    "questions": (
        "Bir sorunuz mu var?",
        "Sizin veya çocuğunuzun ev ziyareti hakkında bir sorusu mu var? İletişime geçin:\n"
        "- {contactpersoon_naam}\n"
        "- Telefon: {contactpersoon_telefoon}\n"
        "- E-posta: {contactpersoon_email}\n"
        "Okulu da arayabilirsiniz: {school_telefoon}. Ya da {school_email} adresine yazın.\n"
        "Çocuğunuz da her zaman kendi öğretmenine veya mentoruna gidebilir.",
    ),
}

FREQUENCY = {"yearly": "her okul yılında 1 kez", "every_other_year": "her 2 okul yılında 1 kez"}

LABELS = {
    "title": "Ev ziyareti: nasıl işliyor",
    "choose_language": "Dilinizi seçin",
    "download": "PDF olarak indir",
    "version": "{datum} tarihli sürüm",
    "unchecked": "Standart çeviri, henüz kontrol edilmedi.",
    "checked": "Çeviriyi kontrol eden: {naam}.",
    "outdated": "Bu bölüm Felemenkçe olarak değişti. Çeviri henüz güncellenmedi. Bu yüzden Felemenkçe metin de var.",
    "dutch": "Felemenkçe metin",
    "page": "Sayfa",
    "missing": "okula sorun",
    "preparing_title": "PDF hazırlanıyor",
    "preparing_text": "Lütfen biraz bekleyin. Bu sayfa birkaç saniye içinde kendiliğinden yenilenir.",
    "back": "Metne geri dön",
    "scan": "Bu metni telefonunuzda okumak için kodu tarayın, başka dillerde de.",
}
