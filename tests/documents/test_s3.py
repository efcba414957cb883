"""Issue 11 §2: with S3_BUCKET, documents and report files are kept in an S3-compatible
bucket (django-storages), private, and served by the portal's own views. The portal runs in
a process of its own, as the setting is read when it starts, against moto's S3 in memory
(no network): the same requests boto3 sends to AWS or MinIO."""

import json
import os
import subprocess
import sys

from iurc_portal.settings import BASE_DIR

PORTAL = r"""
import datetime, io, json
from moto import mock_aws

with mock_aws():
    import boto3, django
    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from documents.models import Document
    from partnerships.demo import load_demo
    from partnerships.models import Partnership

    bucket = boto3.resource("s3", region_name="eu-central-1").create_bucket(
        Bucket="iurc-test", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    call_command("migrate", verbosity=0)
    load_demo()
    content = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
    with transaction.atomic():
        document = Document(
            partnership=Partnership.objects.get(slug="sofia-seoul"), kind="minutes", title_bg="Протокол",
            title_en="Minutes", date=datetime.date(2021, 9, 30), is_public=True, publication="published",
            file_type="application/pdf", file_size=len(content), language="en",
        )
        document.file.save("minutes.pdf", io.BytesIO(content), save=False)
        document.save()
    storages["reports"].save("job-1.csv", ContentFile(b"a;b\r\n"))
    kept = sorted(item.key for item in bucket.objects.all())
    acl = [grant["Permission"] for grant in bucket.Object(f"documents/{document.file.name}").Acl().grants
           if grant["Grantee"].get("URI", "").endswith("AllUsers")]
    response = Client().get(f"/en/documents/{document.pk}/{document.download_name}", HTTP_HOST="localhost")
    served = b"".join(response.streaming_content)
    with transaction.atomic():
        document.delete()
    left = sorted(item.key for item in bucket.objects.filter(Prefix="documents/"))
    print(json.dumps({
        "kept": kept, "public_grants": acl, "status": response.status_code, "same": served == content,
        "disposition": response["Content-Disposition"], "left": left,
    }))
"""


def test_documents_and_reports_are_kept_in_the_bucket_and_served_by_the_portal(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iurc_portal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "S3_BUCKET": "iurc-test",
        "AWS_S3_REGION_NAME": "eu-central-1",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "DOCUMENT_FILES_DIR": str(tmp_path / "not-used"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PORTAL], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr

    seen = json.loads(result.stdout.strip().splitlines()[-1])
    [document_key, report_key] = seen["kept"]
    assert document_key == "documents/1/minutes.pdf"
    assert report_key == "reports/job-1.csv"
    assert seen["public_grants"] == []
    assert (seen["status"], seen["same"]) == (200, True)
    assert seen["disposition"] == 'attachment; filename="Minutes.pdf"'
    # The record's delete, once committed, takes the file out of the bucket.
    assert seen["left"] == []
    # Nothing was written to the file system instead.
    assert not (tmp_path / "not-used").exists()
