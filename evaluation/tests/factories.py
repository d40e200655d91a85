import datetime

import factory

from evaluation.models import Action, Evaluation
from huisbezoek.tests.factories import SchoolYearFactory, UserFactory


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    school_year = factory.SubFactory(SchoolYearFactory)
    school = factory.SelfAttribute("school_year.school")
    kind = Evaluation.Kind.TRIAL
    created_by = factory.SubFactory(UserFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    evaluation = factory.SubFactory(EvaluationFactory)
    school = factory.SelfAttribute("evaluation.school")
    description = factory.Sequence(lambda n: f"Verbeterpunt {n}")
    owner = factory.SubFactory(UserFactory)
    due = datetime.date(2027, 3, 1)
