"""Text stored as typed becomes NFC without surrounding whitespace (songlo/text.py), only the
rows that change are written; then codes are unique whatever their case or Unicode form."""

import songlo.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('council', '0002_ballot_box'),
    ]

    operations = [
        migrations.RunPython(songlo.text.migration_normalising('council'), migrations.RunPython.noop, elidable=True),
        migrations.RunPython(
            songlo.text.migration_refusing_folded_duplicates('council', 'decision', 'number', 'body'), migrations.RunPython.noop
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.UniqueConstraint(models.F('body'), songlo.text.Fold('number'), name='decision_number_ci_unique', violation_error_message='Số quyết định này đã được dùng (không phân biệt chữ hoa, chữ thường).'),
        ),
    ]
