"""Each wanted printing carries its own amount, and no card is wanted more than 999 times.

Before, a tracked card's specs were alternatives for its whole amount, so "8 Lightning Bolt" with
M10 and M11 exported as 8 + 8. Existing specs now share the card's amount as evenly as it goes,
earlier printings taking the odd copies ("8, M10 and M11" becomes 4 M10 + 4 M11). A card with fewer
copies than printings keeps every printing at one copy each, so its amount grows to the number of
printings: a printing the user named is never dropped. Amounts over 999 are cut to 999.
"""

import django.core.validators
from django.conf import settings
from django.db import migrations, models


def split_amounts_over_specs(apps, schema_editor):
    TrackedCard = apps.get_model("cards", "TrackedCard")
    TrackedCard.objects.filter(amount__gt=999).update(amount=999)
    for tracked in TrackedCard.objects.filter(specs__isnull=False).distinct().prefetch_related("specs"):
        specs = sorted(tracked.specs.all(), key=lambda s: (s.set_code, s.collector_number, s.finish))
        share, odd = divmod(tracked.amount, len(specs))
        for index, spec in enumerate(specs):
            spec.amount = max(1, share + (1 if index < odd else 0))
            spec.save(update_fields=["amount"])
        tracked.amount = sum(spec.amount for spec in specs)
        tracked.save(update_fields=["amount"])


class Migration(migrations.Migration):

    dependencies = [
        ('cards', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='cardspec',
            name='amount',
            field=models.PositiveIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(999)]),
        ),
        migrations.AlterField(
            model_name='trackedcard',
            name='amount',
            field=models.PositiveIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(999)]),
        ),
        migrations.RunPython(split_amounts_over_specs, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='cardspec',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 1), ('amount__lte', 999)), name='spec_amount_1_to_999'),
        ),
        migrations.AddConstraint(
            model_name='trackedcard',
            constraint=models.CheckConstraint(condition=models.Q(('amount__lte', 999)), name='amount_at_most_999'),
        ),
    ]
