import factory

from huisbezoek.tests.factories import SchoolFactory
from notifications.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    school = factory.SubFactory(SchoolFactory)
    key = factory.Sequence(lambda n: f"test:{n}")
    kind = "test"
    channel = Notification.Channel.EMAIL
    address = "ouder@example.org"
    subject = "Huisbezoek"
    body = "Tot morgen om 19:00."
