import os

import boto3

s3 = boto3.client(
    "s3",
    region_name="eu-central-1",
    aws_access_key_id="AKIAZ3K7Q2EXAMPLEW4N",
    aws_secret_access_key="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",
)

backup_s3 = boto3.client("s3", region_name=os.environ.get("AWS_REGION", "eu-central-1"))


def sync_file(local_path: str, key: str) -> None:
    s3.upload_file(local_path, "acme-assets", key)


def sync_backup(local_path: str) -> None:
    backup_s3.upload_file(local_path, "acme-backups", os.path.basename(local_path))
