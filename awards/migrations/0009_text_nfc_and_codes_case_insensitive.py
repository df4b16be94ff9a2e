"""Text stored as typed becomes NFC without surrounding whitespace (songlo/text.py), only the
rows that change are written; then codes are unique whatever their case or Unicode form."""

import songlo.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0008_legal_version_quorum_floor'),
    ]

    operations = [
        migrations.RunPython(songlo.text.migration_normalising('awards'), migrations.RunPython.noop, elidable=True),
        migrations.RunPython(
            songlo.text.migration_refusing_folded_duplicates('awards', 'awardtype', 'code'), migrations.RunPython.noop
        ),
        migrations.RunPython(
            songlo.text.migration_refusing_folded_duplicates('awards', 'household', 'code'), migrations.RunPython.noop
        ),
        migrations.RunPython(
            songlo.text.migration_refusing_folded_duplicates('awards', 'initiative', 'code'), migrations.RunPython.noop
        ),
        migrations.RunPython(
            songlo.text.migration_refusing_folded_duplicates('awards', 'legalversion', 'code'), migrations.RunPython.noop
        ),
        migrations.RunPython(
            songlo.text.migration_refusing_folded_duplicates('awards', 'person', 'code'), migrations.RunPython.noop
        ),
        migrations.AddConstraint(
            model_name='awardtype',
            constraint=models.UniqueConstraint(songlo.text.Fold('code'), name='awardtype_code_ci_unique', violation_error_message='Mã danh hiệu này đã được dùng (không phân biệt chữ hoa, chữ thường).'),
        ),
        migrations.AddConstraint(
            model_name='household',
            constraint=models.UniqueConstraint(songlo.text.Fold('code'), name='household_code_ci_unique', violation_error_message='Mã hộ gia đình này đã được dùng (không phân biệt chữ hoa, chữ thường).'),
        ),
        migrations.AddConstraint(
            model_name='initiative',
            constraint=models.UniqueConstraint(songlo.text.Fold('code'), name='initiative_code_ci_unique', violation_error_message='Mã sáng kiến này đã được dùng (không phân biệt chữ hoa, chữ thường).'),
        ),
        migrations.AddConstraint(
            model_name='legalversion',
            constraint=models.UniqueConstraint(songlo.text.Fold('code'), name='legalversion_code_ci_unique', violation_error_message='Mã văn bản này đã được dùng (không phân biệt chữ hoa, chữ thường).'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(songlo.text.Fold('code'), name='person_code_ci_unique', violation_error_message='Mã cá nhân này đã được dùng (không phân biệt chữ hoa, chữ thường).'),
        ),
    ]
