"""S3 scenarios: buckets, objects, listings, multipart uploads, versions and bucket settings."""

import base64
import datetime
import hashlib
import json

from harness import dig

PART = b"x" * (5 * 1024 * 1024)  # the smallest part that may be followed by another
EXPIRES = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
POLICY = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Sid": "read", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                   "Resource": "arn:aws:s3:::site/*"}],
})


def buckets(aws):
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="orders")
    s3.create_bucket(Bucket="orders")  # again, by its owner
    s3.get_bucket_location(Bucket="orders")
    s3.head_bucket(Bucket="orders")
    s3.head_bucket(Bucket="no-such-bucket")
    # Outside us-east-1 the region is named in the request.
    eu = aws.client("s3", region="eu-west-1")
    eu.create_bucket(Bucket="orders-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    eu.get_bucket_location(Bucket="orders-eu")
    eu.create_bucket(Bucket="orders-eu-2")
    s3.list_buckets()
    s3.put_object(Bucket="orders", Key="o-1.json", Body=b"{}")
    s3.delete_bucket(Bucket="orders")  # not empty
    s3.delete_object(Bucket="orders", Key="o-1.json")
    s3.delete_bucket(Bucket="orders")
    s3.delete_bucket(Bucket="orders")
    s3.list_buckets()
    # Last: requests one side may refuse and the other may carry out.
    s3.create_bucket(Bucket="Not_A_Valid_Name")
    s3.create_bucket(Bucket="orders-mismatch", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})


def objects(aws):
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="docs")
    put = s3.put_object(
        Bucket="docs", Key="notes/hello.txt", Body=b"hello, world", ContentType="text/plain",
        Metadata={"author": "ada", "Mixed-Case": "Value"}, CacheControl="max-age=60",
        ContentDisposition='attachment; filename="hello.txt"', Expires=EXPIRES,
    )
    s3.head_object(Bucket="docs", Key="notes/hello.txt")
    s3.get_object(Bucket="docs", Key="notes/hello.txt")
    s3.get_object(Bucket="docs", Key="notes/hello.txt", Range="bytes=0-4")
    s3.get_object(Bucket="docs", Key="notes/hello.txt", IfNoneMatch=dig(put, "ETag", default='"x"'))
    s3.get_object(Bucket="docs", Key="notes/missing.txt")
    s3.get_object(Bucket="no-such-bucket", Key="k")
    s3.put_object(Bucket="docs", Key="blob.bin", Body=bytes(range(256)))
    s3.get_object(Bucket="docs", Key="blob.bin")
    s3.copy_object(Bucket="docs", Key="notes/copy.txt", CopySource="docs/notes/hello.txt")
    s3.copy_object(Bucket="docs", Key="notes/replaced.txt", CopySource={"Bucket": "docs", "Key": "notes/hello.txt"},
                   MetadataDirective="REPLACE", Metadata={"author": "grace"}, ContentType="text/markdown")
    s3.head_object(Bucket="docs", Key="notes/replaced.txt")
    s3.copy_object(Bucket="docs", Key="x", CopySource="docs/notes/missing.txt")
    s3.delete_object(Bucket="docs", Key="never-existed")
    s3.put_object(Bucket="docs", Key="bad-md5", Body=b"abc", ContentMD5=base64.b64encode(hashlib.md5(b"xyz").digest()).decode())


def listings(aws):
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="photos")
    keys = ["2024/01/a.jpg", "2024/01/b.jpg", "2024/02/c.jpg", "2025/d.jpg", "index.html", "a b+c.txt", "z/é.txt"]
    setup = aws.setup_client("s3")
    for key in keys:
        setup.put_object(Bucket="photos", Key=key, Body=key.encode())
    s3.list_objects_v2(Bucket="photos")
    s3.list_objects_v2(Bucket="photos", Prefix="2024/", Delimiter="/")
    page = s3.list_objects_v2(Bucket="photos", MaxKeys=3)
    s3.list_objects_v2(Bucket="photos", MaxKeys=3, ContinuationToken=dig(page, "NextContinuationToken", default="none"))
    s3.list_objects_v2(Bucket="photos", StartAfter="2025/d.jpg", FetchOwner=True)
    s3.list_objects_v2(Bucket="photos", Prefix="a b", EncodingType="url")
    s3.list_objects(Bucket="photos")
    s3.list_objects(Bucket="photos", Delimiter="/", MaxKeys=2)
    s3.list_objects(Bucket="photos", Marker="2024/02/c.jpg", MaxKeys=2)
    s3.list_objects_v2(Bucket="no-such-bucket")


def tagging(aws):
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="tagged")
    s3.put_object(Bucket="tagged", Key="report.csv", Body=b"a,b\n", Tagging="team=data&tier=gold")
    s3.get_object_tagging(Bucket="tagged", Key="report.csv")
    s3.put_object_tagging(Bucket="tagged", Key="report.csv", Tagging={"TagSet": [{"Key": "tier", "Value": "silver"}]})
    s3.get_object_tagging(Bucket="tagged", Key="report.csv")
    s3.delete_object_tagging(Bucket="tagged", Key="report.csv")
    s3.get_object_tagging(Bucket="tagged", Key="report.csv")
    s3.get_bucket_tagging(Bucket="tagged")
    s3.put_bucket_tagging(Bucket="tagged", Tagging={"TagSet": [{"Key": "cost-center", "Value": "42"}]})
    s3.get_bucket_tagging(Bucket="tagged")
    s3.delete_bucket_tagging(Bucket="tagged")
    s3.get_bucket_tagging(Bucket="tagged")


def multipart(aws):
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="uploads")
    upload = dig(s3.create_multipart_upload(Bucket="uploads", Key="big.bin", ContentType="application/octet-stream",
                                            Metadata={"origin": "camera"}), "UploadId", default="none")
    first = s3.upload_part(Bucket="uploads", Key="big.bin", UploadId=upload, PartNumber=1, Body=PART)
    second = s3.upload_part(Bucket="uploads", Key="big.bin", UploadId=upload, PartNumber=2, Body=b"tail")
    s3.list_parts(Bucket="uploads", Key="big.bin", UploadId=upload)
    s3.list_multipart_uploads(Bucket="uploads")
    parts = [{"PartNumber": 1, "ETag": dig(first, "ETag", default='"x"')},
             {"PartNumber": 2, "ETag": dig(second, "ETag", default='"x"')}]
    s3.complete_multipart_upload(Bucket="uploads", Key="big.bin", UploadId=upload,
                                 MultipartUpload={"Parts": [{**parts[0], "ETag": '"0123456789abcdef0123456789abcdef"'}, parts[1]]})
    s3.complete_multipart_upload(Bucket="uploads", Key="big.bin", UploadId=upload, MultipartUpload={"Parts": parts})
    s3.head_object(Bucket="uploads", Key="big.bin")
    s3.head_object(Bucket="uploads", Key="big.bin", PartNumber=2)
    s3.head_object(Bucket="uploads", Key="big.bin", Range="bytes=0-9")
    s3.list_multipart_uploads(Bucket="uploads")
    # A part copied from an existing object, and a part too small to be followed.
    s3.put_object(Bucket="uploads", Key="source.bin", Body=PART)
    second_upload = dig(s3.create_multipart_upload(Bucket="uploads", Key="copied.bin"), "UploadId", default="none")
    copied = s3.upload_part_copy(Bucket="uploads", Key="copied.bin", UploadId=second_upload, PartNumber=1,
                                 CopySource={"Bucket": "uploads", "Key": "source.bin"})
    small = s3.upload_part(Bucket="uploads", Key="copied.bin", UploadId=second_upload, PartNumber=2, Body=b"ab")
    last = s3.upload_part(Bucket="uploads", Key="copied.bin", UploadId=second_upload, PartNumber=3, Body=b"cd")
    s3.complete_multipart_upload(
        Bucket="uploads", Key="copied.bin", UploadId=second_upload,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": dig(copied, "CopyPartResult", "ETag", default='"x"')},
                                   {"PartNumber": 2, "ETag": dig(small, "ETag", default='"x"')},
                                   {"PartNumber": 3, "ETag": dig(last, "ETag", default='"x"')}]},
    )
    s3.abort_multipart_upload(Bucket="uploads", Key="copied.bin", UploadId=second_upload)
    s3.abort_multipart_upload(Bucket="uploads", Key="copied.bin", UploadId="no-such-upload")


def versioning(aws):
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="history")
    s3.get_bucket_versioning(Bucket="history")
    s3.put_bucket_versioning(Bucket="history", VersioningConfiguration={"Status": "Enabled"})
    s3.get_bucket_versioning(Bucket="history")
    v1 = dig(s3.put_object(Bucket="history", Key="config.json", Body=b'{"v":1}'), "VersionId", default="none")
    s3.put_object(Bucket="history", Key="config.json", Body=b'{"v":2}')
    s3.list_object_versions(Bucket="history")
    s3.get_object(Bucket="history", Key="config.json", VersionId=v1)
    marker = dig(s3.delete_object(Bucket="history", Key="config.json"), "VersionId", default="none")
    s3.get_object(Bucket="history", Key="config.json")
    s3.head_object(Bucket="history", Key="config.json", VersionId=marker)
    s3.list_object_versions(Bucket="history", Prefix="config")
    # Deleting the delete marker brings the object back.
    s3.delete_object(Bucket="history", Key="config.json", VersionId=marker)
    s3.get_object(Bucket="history", Key="config.json")
    s3.get_object(Bucket="history", Key="config.json", VersionId="no-such-version")
    s3.put_bucket_versioning(Bucket="history", VersioningConfiguration={"Status": "Suspended"})
    s3.put_object(Bucket="history", Key="config.json", Body=b'{"v":3}')
    s3.list_object_versions(Bucket="history", MaxKeys=2)


def bucket_settings(aws):
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="site")
    s3.get_bucket_policy(Bucket="site")
    s3.put_bucket_policy(Bucket="site", Policy=POLICY)
    s3.get_bucket_policy(Bucket="site")
    s3.delete_bucket_policy(Bucket="site")
    s3.put_bucket_acl(Bucket="site", ACL="public-read")
    s3.get_bucket_acl(Bucket="site")
    s3.get_bucket_cors(Bucket="site")
    s3.put_bucket_cors(Bucket="site", CORSConfiguration={"CORSRules": [
        {"AllowedMethods": ["GET", "HEAD"], "AllowedOrigins": ["https://example.com"], "MaxAgeSeconds": 3000}]})
    s3.get_bucket_cors(Bucket="site")
    s3.get_bucket_lifecycle_configuration(Bucket="site")
    s3.put_bucket_lifecycle_configuration(Bucket="site", LifecycleConfiguration={"Rules": [
        {"ID": "expire-logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 30}}]})
    s3.get_bucket_lifecycle_configuration(Bucket="site")
    s3.get_bucket_encryption(Bucket="site")
    s3.put_bucket_encryption(Bucket="site", ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    s3.get_bucket_encryption(Bucket="site")
    s3.put_object(Bucket="site", Key="index.html", Body=b"<html></html>", ContentType="text/html")
    s3.get_bucket_website(Bucket="site")
    s3.put_bucket_website(Bucket="site", WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"},
                                                                "ErrorDocument": {"Key": "error.html"}})
    s3.get_bucket_website(Bucket="site")
    s3.get_public_access_block(Bucket="site")
    s3.put_public_access_block(Bucket="site", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    s3.get_public_access_block(Bucket="site")
    s3.get_object_acl(Bucket="site", Key="index.html")
    s3.get_bucket_policy(Bucket="no-such-bucket")


def conditions_and_checksums(aws):
    s3 = aws.client("s3")
    s3.create_bucket(Bucket="locks")
    s3.put_object(Bucket="locks", Key="leader", Body=b"node-1", IfNoneMatch="*")
    s3.put_object(Bucket="locks", Key="leader", Body=b"node-2", IfNoneMatch="*")
    s3.get_object(Bucket="locks", Key="leader")
    s3.put_object(Bucket="locks", Key="sha", Body=b"payload", ChecksumAlgorithm="SHA256")
    s3.get_object(Bucket="locks", Key="sha", ChecksumMode="ENABLED")
    s3.head_object(Bucket="locks", Key="sha", ChecksumMode="ENABLED")
    s3.delete_objects(Bucket="locks", Delete={"Objects": [{"Key": "leader"}, {"Key": "never-existed"}]})
    s3.delete_objects(Bucket="locks", Delete={"Objects": [{"Key": "sha"}], "Quiet": True})
    s3.list_objects_v2(Bucket="locks")
    # Last: a write one side may refuse and the other may store.
    s3.put_object(Bucket="locks", Key="wrong-sum", Body=b"payload",
                  ChecksumSHA256=base64.b64encode(hashlib.sha256(b"other").digest()).decode())


SCENARIOS = [
    buckets,
    objects,
    listings,
    tagging,
    multipart,
    versioning,
    bucket_settings,
    conditions_and_checksums,
]
