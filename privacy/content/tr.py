"""Turkish: what the school records about a home visit, in plain language.
Written fresh for this product (not yet checked by a person)."""


def years(n: int) -> str:
    return f"{n} yıl"


TITLE = "Gizlilik: okulun kaydettikleri"
INTRO = (
    "{school} ailelere ev ziyareti yapar. Okul bu ziyaret hakkında birkaç şey yazar. "
    "Burada neyi, neden, ne kadar süre sakladığını ve kimin okuyabildiğini okuyabilirsiniz."
)
SECTIONS = {
    "what": (
        "Okul neleri yazar?",
        "- Sizin adınız ve çocuklarınızın adları.\n"
        "- Adresiniz ve telefon numaranız.\n"
        "- Evde konuştuğunuz diller.\n"
        "- Ev ziyaretinin günü.\n"
        "- Kısa bir rapor: çocuğunuz nasıl ve birlikte neler kararlaştırdık.\n"
        "Kişisel bir şey mi anlatıyorsunuz? Öğretmen bunu ayrı yazabilir. Bu bölüm ekstra korunur.",
    ),
    "why": (
        "Neden?",
        "Ailenizi tanımak istiyoruz.\n"
        "Böylece çocuğunuza okulda daha iyi yardım edebiliriz.\n"
        "Ve birlikte neler kararlaştırdığımızı sonra da biliriz.",
    ),
    "how_long": (
        "Okul bunu ne kadar süre saklar?",
        "Çocuğunuz okulda olduğu sürece.\n"
        "Son çocuğunuz okuldan mı ayrıldı? Okul raporu ve bilgilerinizi bundan sonra {family_years} daha saklar. "
        "Sonra bunlar silinir.\n"
        "Okul endişelendi ve bir bakım dosyası mı açtı? "
        "Okul bu dosyayı çocuğunuz okuldan ayrıldıktan sonra {care_years} saklar.",
    ),
    "who": (
        "Kim okuyabilir?",
        "- Ziyarete gelen öğretmen.\n"
        "- Çocuğunuza ders veren meslektaşlar: sadece en önemli noktalar.\n"
        "- Kişisel bölüm: sadece onu yazan öğretmen ve okulun bakım koordinatörü.\n"
        "Okul müdürlüğü bir ziyaret olduğunu görür, ama raporu okumaz.\n"
        "Okul bilgilerinizi başkalarına vermez. Sadece kanun isterse, örneğin bir çocuk güvende değilse.",
    ),
    "rights": (
        "Haklarınız neler?",
        "- Okulun aileniz hakkında ne yazdığını sorabilirsiniz. Bunu kağıt üzerinde veya dosya olarak alırsınız.\n"
        "- Yanlış bir şey mi var? Düzeltilmesini veya silinmesini isteyebilirsiniz.\n"
        "Okul 1 ay içinde cevap verir.\n"
        "Okulla aynı fikirde değil misiniz? Hollanda Veri Koruma Kurumu'na (Autoriteit Persoonsgegevens) "
        "şikâyette bulunabilirsiniz.",
    ),
    "ask": (
        "Sorularınız mı var?",
        "Çocuğunuzun öğretmenine sorun veya okulla iletişime geçin.",
    ),
}
PHONE = "Telefon"
EMAIL = "E-posta"
CHOOSE_LANGUAGE = "Dilinizi seçin"
