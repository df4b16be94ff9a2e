"""The kernel's abstract models: every private file and every frozen version has one shape."""

from awards.models import DossierFile, NominationVersion
from campaigns.models import Evidence, ReviewVersion
from songlo.files import PrivateFile
from songlo.versions import FrozenVersion

FILE_FIELDS = {"id", "file", "original_name", "kind", "size", "version", "uploaded_at", "uploaded_by"}
VERSION_FIELDS = {"id", "number", "snapshot", "submitted_at", "returned_at", "returned_by", "comment"}


def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.concrete_fields}


def test_private_file_models_extend_the_kernel_base():
    assert (issubclass(Evidence, PrivateFile), issubclass(DossierFile, PrivateFile)) == (True, True)
    assert _field_names(Evidence) - FILE_FIELDS == {"review"}
    assert _field_names(DossierFile) - FILE_FIELDS == {"nomination", "part"}


def test_private_file_models_keep_their_folders():
    folders = [model._meta.get_field("file").upload_to.folder for model in (Evidence, DossierFile)]

    assert folders == ["evidence", "dossiers"]


def test_frozen_version_models_extend_the_kernel_base():
    assert (issubclass(ReviewVersion, FrozenVersion), issubclass(NominationVersion, FrozenVersion)) == (True, True)
    assert _field_names(ReviewVersion) - VERSION_FIELDS == {"review"}
    assert _field_names(NominationVersion) - VERSION_FIELDS == {"nomination"}
