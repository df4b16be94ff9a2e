"""The secret ballot without a row per vote: each agenda item's counts in one sealed BallotBox.

Forward: the votes of items in open sessions are counted into their boxes (sealed with the key
of council/ballot_box.py); the votes of closed sessions are dropped, their tally already on the
items; then the per-vote table goes. Backward: per-vote rows again, from the boxes and from the
tallies of closed items (not the paper ones), in random key order.
"""

import uuid
from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count

from council import ballot_box


def votes_into_boxes(apps, schema_editor):
    BallotVote = apps.get_model("council", "BallotVote")
    BallotBox = apps.get_model("council", "BallotBox")
    counts: dict[int, dict[str, int]] = defaultdict(ballot_box.empty)
    rows = (
        BallotVote.objects.filter(item__session__status="open")
        .values_list("item_id", "choice")
        .annotate(n=Count("id"))
        .order_by()
    )
    for item_id, choice, n in rows:
        counts[item_id][choice] += n
    BallotBox.objects.bulk_create(
        BallotBox(item_id=item_id, sealed=ballot_box.seal(item_id, c)) for item_id, c in sorted(counts.items())
    )


def boxes_into_votes(apps, schema_editor):
    BallotVote = apps.get_model("council", "BallotVote")
    BallotBox = apps.get_model("council", "BallotBox")
    AgendaItem = apps.get_model("council", "AgendaItem")
    votes = []
    for item_id, sealed in BallotBox.objects.values_list("item_id", "sealed"):
        for choice, n in ballot_box.unseal(item_id, sealed).items():
            votes += [BallotVote(id=uuid.uuid4(), item_id=item_id, choice=choice) for _ in range(n)]
    closed = AgendaItem.objects.filter(
        session__status="closed", paper_entered_at__isnull=True, votes_agree__isnull=False
    ).values_list("pk", "votes_agree", "votes_disagree")
    for item_id, agree, disagree in closed:
        votes += [BallotVote(id=uuid.uuid4(), item_id=item_id, choice="agree") for _ in range(agree)]
        votes += [BallotVote(id=uuid.uuid4(), item_id=item_id, choice="disagree") for _ in range(disagree or 0)]
    votes.sort(key=lambda v: v.id)
    BallotVote.objects.bulk_create(votes, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="BallotBox",
            fields=[
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="ballot_box",
                        serialize=False,
                        to="council.agendaitem",
                    ),
                ),
                ("sealed", models.BinaryField(max_length=64, verbose_name="hòm phiếu niêm phong")),
            ],
            options={
                "verbose_name": "hòm phiếu",
                "verbose_name_plural": "hòm phiếu",
            },
        ),
        migrations.RunPython(votes_into_boxes, boxes_into_votes),
        migrations.DeleteModel(name="BallotVote"),
    ]
