"""Text stored as typed becomes NFC without surrounding whitespace (songlo/text.py), only the
rows that change are written."""

import songlo.text
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_must_change_password_two_factor_policy'),
    ]

    operations = [
        migrations.RunPython(songlo.text.migration_normalising('accounts'), migrations.RunPython.noop, elidable=True),
    ]
