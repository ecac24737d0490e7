import boto3

s3 = boto3.client(
    "s3",
    aws_access_key_id="AKIAQ3EGT7XWMJ5KZLPR",
    aws_secret_access_key="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",
)
