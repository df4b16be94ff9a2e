"""Text stored as typed becomes NFC without surrounding whitespace (songlo/text.py), only the
rows that change are written; then codes are unique whatever their case or Unicode form."""

import songlo.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0008_stage_closed'),
    ]

    operations = [
        migrations.RunPython(songlo.text.migration_normalising('campaigns'), migrations.RunPython.noop, elidable=True),
        migrations.RunPython(
            songlo.text.migration_refusing_folded_duplicates('campaigns', 'emulationblock', 'code'), migrations.RunPython.noop
        ),
        migrations.AddConstraint(
            model_name='emulationblock',
            constraint=models.UniqueConstraint(songlo.text.Fold('code'), name='emulationblock_code_ci_unique', violation_error_message='Mã cụm, khối này đã được dùng (không phân biệt chữ hoa, chữ thường).'),
        ),
    ]
