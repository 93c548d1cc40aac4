"""The Django side of the database benchmark: models and views (imported after setup)."""

from __future__ import annotations

import random
from typing import Any

from django.db import models, transaction
from django.http import HttpResponse, JsonResponse
from django.template import Context, Engine
from django.urls import path

from benchmarks.db_apps import EXTRA, FORTUNES_JINJA, QUERIES, ROWS, random_id


class World(models.Model):
    randomnumber = models.IntegerField()

    class Meta:
        app_label = "benchmarks"
        db_table = "world"


class Fortune(models.Model):
    message = models.CharField(max_length=255)

    class Meta:
        app_label = "benchmarks"
        db_table = "fortune"


TEMPLATE = Engine(autoescape=True).from_string(FORTUNES_JINJA)


def db(request: Any) -> JsonResponse:
    world = World.objects.get(id=random_id())
    return JsonResponse({"id": world.id, "randomNumber": world.randomnumber})


def queries(request: Any) -> JsonResponse:
    worlds = [World.objects.get(id=random_id()) for _ in range(QUERIES)]
    return JsonResponse([{"id": w.id, "randomNumber": w.randomnumber} for w in worlds], safe=False)


def fortunes(request: Any) -> HttpResponse:
    rows = list(Fortune.objects.all())
    rows.append(Fortune(id=0, message=EXTRA))
    rows.sort(key=lambda fortune: fortune.message)
    return HttpResponse(TEMPLATE.render(Context({"fortunes": rows})))


def updates(request: Any) -> JsonResponse:
    ids = random.sample(range(1, ROWS + 1), QUERIES)
    with transaction.atomic():
        worlds = [World.objects.get(id=key) for key in ids]
        for world in worlds:
            world.randomnumber = random_id()
        World.objects.bulk_update(worlds, ["randomnumber"])
    return JsonResponse([{"id": w.id, "randomNumber": w.randomnumber} for w in worlds], safe=False)


urlpatterns = [
    path("db", db),
    path("queries", queries),
    path("fortunes", fortunes),
    path("updates", updates),
]
