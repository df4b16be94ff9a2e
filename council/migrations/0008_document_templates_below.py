"""DocumentTemplate moved to organisation (state only: the table stays)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('council', '0007_proposal_bundles'),
        ('organisation', '0003_document_templates_below'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='DocumentTemplate')], database_operations=[]
        ),
    ]
