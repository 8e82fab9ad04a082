"""Moto's presigned form upload: boto3 presigns a PutObject, `requests` PUTs a file to it
with `files=` (a multipart/form-data body), and the stored object is the file's bytes,
not the form. Moto behaves so; a real S3 would store the form as sent.

Run against a server (moto_server or moto-server):
    .venv-interop/bin/python interop/presigned_form_upload.py http://localhost:5000
Exits non-zero, saying what differed, if the object is not the file.
"""

import sys

import boto3
import requests

# Bytes a careless parser would trip on: CRLFs, a dash run, NUL and high bytes.
CONTENT = b"report line 1\r\n--not-a-boundary\r\n\x00\x01\xfe\xff end"


def main(endpoint: str) -> None:
    s3 = boto3.client(
        "s3",
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(Bucket="form-uploads")
    url = s3.generate_presigned_url(
        "put_object", Params={"Bucket": "form-uploads", "Key": "reports/r-1.bin"}, ExpiresIn=300
    )
    response = requests.put(url, files={"upload_file": ("r-1.bin", CONTENT)}, timeout=30)
    if response.status_code != 200:
        sys.exit(f"presigned PUT: {response.status_code} {response.text!r}")
    stored = s3.get_object(Bucket="form-uploads", Key="reports/r-1.bin")["Body"].read()
    if stored != CONTENT:
        sys.exit(f"the object is not the uploaded file: {stored!r}")
    s3.delete_object(Bucket="form-uploads", Key="reports/r-1.bin")
    s3.delete_bucket(Bucket="form-uploads")
    print(f"ok  presigned form upload to {endpoint}: the object is the file ({len(CONTENT)} bytes)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://localhost:5000")
