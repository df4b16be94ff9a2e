"""Text stored as typed becomes NFC without surrounding whitespace (songlo/text.py), only the
rows that change are written; then codes are unique whatever their case or Unicode form."""

import songlo.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(songlo.text.migration_normalising('organisation'), migrations.RunPython.noop, elidable=True),
        migrations.RunPython(
            songlo.text.migration_refusing_folded_duplicates('organisation', 'orgunit', 'code'), migrations.RunPython.noop
        ),
        migrations.AddConstraint(
            model_name='orgunit',
            constraint=models.UniqueConstraint(songlo.text.Fold('code'), name='orgunit_code_ci_unique', violation_error_message='Mã đơn vị này đã được dùng (không phân biệt chữ hoa, chữ thường).'),
        ),
    ]
