"""Document templates move below every app that owns documents (council -> organisation), keeping
their table ``council_documenttemplate`` and the uploaded files: state only, plus the content type
(so that permissions given on it stay given). The PDF jobs of registered documents are new."""

import django.db.models.deletion
import songlo.docx
import songlo.uploads
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="organisation", model="documenttemplate").exists():
        ContentType.objects.filter(app_label="council", model="documenttemplate").update(app_label="organisation")


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0002_text_nfc_and_codes_case_insensitive'),
        ('contenttypes', '0002_remove_content_type_name'),
        # The table was created by the council's migrations.
        ('council', '0007_proposal_bundles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DocumentJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('queued', 'Đang chờ'), ('running', 'Đang tạo'), ('done', 'Đã xong'), ('failed', 'Lỗi')], default='queued', max_length=10, verbose_name='trạng thái')),
                ('file', models.CharField(blank=True, max_length=200, verbose_name='tệp')),
                ('error', models.TextField(blank=True, verbose_name='lỗi')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='yêu cầu lúc')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='xong lúc')),
                ('kind', models.CharField(choices=songlo.docx.document_choices, max_length=20, verbose_name='loại văn bản')),
                ('target_id', models.PositiveBigIntegerField(verbose_name='mã đối tượng')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'bản PDF của văn bản',
                'verbose_name_plural': 'bản PDF của văn bản',
                'ordering': ['-created_at', '-pk'],
                'abstract': False,
                'indexes': [models.Index(fields=['kind', 'target_id'], name='documentjob_target')],
            },
        ),
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='DocumentTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=songlo.docx.document_choices, max_length=20, verbose_name='loại văn bản')),
                ('file', models.FileField(storage=songlo.uploads.private_storage, upload_to=songlo.uploads.RandomName('document-templates'), verbose_name='tệp mẫu (.docx)')),
                ('uploaded_at', models.DateTimeField(auto_now=True, verbose_name='tải lên lúc')),
                ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisation.orgunit', verbose_name='cơ quan')),
            ],
            options={
                'verbose_name': 'mẫu văn bản',
                'verbose_name_plural': 'mẫu văn bản',
                'db_table': 'council_documenttemplate',
                'ordering': ['body', 'kind'],
                'constraints': [models.UniqueConstraint(fields=('body', 'kind'), name='documenttemplate_once_per_body')],
            },
        ),
        ], database_operations=[]),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
