"""Turns one side's recorded answers into comparable JSON-like values.

Only what legitimately differs between two correct emulators is rewritten: generated
ids become numbered placeholders (in order of first appearance, per side, so an id that
is reused stays recognisably the same), timestamps become a placeholder that keeps their
shape, and the server's own address becomes `<endpoint>`. Keys, types, list order,
fixed values, error codes and statuses are never touched.
"""

import base64
import datetime
import re

# Generated EC2 ids (`i-` + 17 hex, `sg-` + 8 or 17 hex...). AMI ids are left out: the
# default AMIs are fixed catalogue values both sides must agree on.
EC2_PREFIXES = (
    "i", "r", "vpc", "subnet", "sg", "sgr", "igw", "eigw", "rtb", "rtbassoc", "eipalloc",
    "eipassoc", "vol", "snap", "eni", "eni-attach", "lt", "key", "acl", "aclassoc", "dopt",
    "vpce", "nat", "pcx", "vpc-cidr-assoc", "subnet-cidr-assoc", "fleet", "sir", "pl",
)
EC2_ID = re.compile(
    r"\b(?P<kind>" + "|".join(sorted((re.escape(p) for p in EC2_PREFIXES), key=len, reverse=True))
    + r")-(?:[0-9a-f]{17}|[0-9a-f]{8})\b"
)
UUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
# Temporary credentials and assumed-role / federated-user ids (STS draws them at random).
# Long-term `AKIA` keys are fixed values and stay compared.
IAM_TEMP_ID = re.compile(r"\b(?P<kind>ASIA|AROA)[A-Z0-9]{12,20}\b")
# IAM unique ids with AWS's prefixes (users, groups, managed policies, instance profiles)
# and the access keys IAM creates: drawn at random. (Role ids, AROA, are matched above.)
IAM_UNIQUE_ID = re.compile(r"\b(?P<kind>AIDA|AGPA|ANPA|AIPA)[A-Z0-9]{17}\b")
IAM_ACCESS_KEY = re.compile(r"AKIA[A-Z0-9]{16}")
# ISO-8601 instants inside strings (stream labels, backup ARNs).
ISO_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")
# Secrets Manager ARNs end in the secret's name, a hyphen and six random characters.
SECRET_ARN = re.compile(r"(:secret:[^\s\"]+)-(?P<suffix>[A-Za-z0-9]{6})\b")
# Backup ARNs end in `<epoch ms, zero-padded>-<8 hex>`.
BACKUP_SUFFIX = re.compile(r"(/backup/)\d{13,14}-[0-9a-f]{8}\b")
EPOCH = re.compile(r"\d{9,13}(?:\.\d+)?")
PRIVATE_IP = re.compile(r"^(10|172|192)\.(\d+)\.\d+\.\d+$")
# Addresses inside host names: `ip-172-31-0-4.ec2.internal`, `ec2-54-1-2-3.compute-1...`.
DASHED_IP = re.compile(r"\b(ip|ec2)-(\d+)-(\d+)-(\d+)-(\d+)\b")
# The instant inside EC2's state transition reasons: `User initiated (2024-01-01 00:00:00 GMT)`.
REASON_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (?:UTC|GMT)")

# Values drawn at random whatever their shape, recognised by the key that holds them.
# Ids with a recognisable shape (EC2 ids, UUIDs, ASIA keys) are found by shape instead,
# so a wrong shape still shows.
RANDOM_BY_KEY = {
    "ReceiptHandle", "UploadId", "VersionId", "SequenceNumber", "NextToken",
    "NextContinuationToken", "ContinuationToken", "SecretAccessKey", "SessionToken",
    "VersionIdMarker", "NextVersionIdMarker", "NextUploadIdMarker", "UploadIdMarker",
    "RandomPassword", "MacAddress",
    # CloudWatch Logs' opaque paging token.
    "nextToken",
}
# Epoch timestamps inside string attributes (SQS attributes, message system attributes).
EPOCH_BY_KEY = {
    "CreatedTimestamp", "LastModifiedTimestamp", "SentTimestamp",
    "ApproximateFirstReceiveTimestamp",
}
# Epoch-millisecond numbers CloudWatch Logs answers (servers stamp them; scenarios derive
# event timestamps from the time of the run).
EPOCH_MS_INT_KEYS = {
    "creationTime", "ingestionTime", "lastIngestionTime", "firstEventTimestamp",
    "lastEventTimestamp", "timestamp",
}
IP_KEYS = {"PrivateIpAddress", "PublicIpAddress", "PublicIp", "PrivateIp", "CarrierIp"}
DNS_KEYS = {"PrivateDnsName", "PublicDnsName", "PrivateDnsNameOptions"}


class Normaliser:
    """One side's placeholder table; use one per scenario and side."""

    def __init__(self, endpoint: str, extra_random_keys=()):
        self.endpoints = _endpoint_spellings(endpoint)
        self.table = {}
        self.counters = {}
        self.extra_random_keys = set(extra_random_keys)

    def placeholder(self, kind: str, raw: str) -> str:
        if raw not in self.table:
            self.counters[kind] = self.counters.get(kind, 0) + 1
            self.table[raw] = f"<{kind}-{self.counters[kind]}>"
        return self.table[raw]

    def value(self, value, key=None, random_keys=frozenset()):
        """The normalised copy of `value`, found under dictionary key `key`."""
        if isinstance(value, dict):
            return {k: self.value(v, k, random_keys) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.value(v, key, random_keys) for v in value]
        if isinstance(value, datetime.datetime):
            return "<datetime>"
        if isinstance(value, (bytes, bytearray)):
            if key in random_keys or key in self.extra_random_keys:
                # Drawn bytes (ciphertexts, signatures, data keys): their presence counts.
                return self.placeholder(key, base64.b64encode(bytes(value)).decode())
            return _bytes(bytes(value))
        if isinstance(value, str):
            return self.string(value, key, random_keys)
        if key in EPOCH_MS_INT_KEYS and isinstance(value, int) and not isinstance(value, bool) \
                and value >= 10**12:
            return "<epoch-ms>"
        return value

    def string(self, text: str, key, random_keys) -> str:
        if key in RANDOM_BY_KEY or key in self.extra_random_keys or key in random_keys:
            if text in ("", "null"):
                return text  # fixed values AWS documents ("null" version)
            return self.placeholder(key, text)
        if key == "Message" and text:
            # Per-entry error text in batch answers: like error messages, shown, not compared.
            return "<message>"
        if key == "KeyMaterial":
            # A generated private key: only its format (the first line) is compared.
            return self.placeholder("KeyMaterial", text) + " " + text.strip().split("\n")[0]
        if key in EPOCH_BY_KEY and EPOCH.fullmatch(text):
            # The instant varies; its format (seconds, milliseconds, a fraction) is compared.
            whole, _, fraction = text.partition(".")
            unit = "ms" if len(whole) >= 13 else "s"
            return f"<epoch-{unit}{'-with-fraction' if fraction else ''}>"
        if key in IP_KEYS:
            return self.ip(text)
        if key == "AccessKeyId" and IAM_ACCESS_KEY.fullmatch(text):
            return self.placeholder("AKIA", text)
        if key in DNS_KEYS:
            text = DASHED_IP.sub(lambda m: m[1] + "-" + self.ip(".".join(m.groups()[1:])), text)
        for spelling in self.endpoints:
            text = text.replace(spelling, "<endpoint>")
        text = EC2_ID.sub(lambda m: self.placeholder(m["kind"], m[0]), text)
        text = UUID.sub(lambda m: self.placeholder("uuid", m[0].lower()), text)
        text = IAM_TEMP_ID.sub(lambda m: self.placeholder(m["kind"], m[0]), text)
        text = IAM_UNIQUE_ID.sub(lambda m: self.placeholder(m["kind"], m[0]), text)
        text = SECRET_ARN.sub(lambda m: m[1] + "-" + self.placeholder("secret-suffix", m["suffix"]), text)
        text = BACKUP_SUFFIX.sub(lambda m: m[1] + self.placeholder("backup", m[0]), text)
        text = ISO_TIME.sub("<iso-time>", text)
        text = REASON_TIME.sub("<reason-time>", text)
        return text

    def ip(self, text: str) -> str:
        """A placeholder for a drawn address; private ones keep their /16 (the VPC's)."""
        match = PRIVATE_IP.match(text)
        if match:
            return f"{match[1]}.{match[2]}.{self.placeholder('ip', text)}"
        if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", text):
            return self.placeholder("ip", text)
        return text


def _endpoint_spellings(endpoint: str):
    """The ways a server's own address can show up in an answer."""
    port = endpoint.rsplit(":", 1)[-1].strip("/")
    hosts = ("127.0.0.1", "localhost")
    return [f"{scheme}://{host}:{port}" for scheme in ("http", "https") for host in hosts] + [
        f"{host}:{port}" for host in hosts
    ]


def _bytes(data: bytes):
    """Object bodies: text when they are text, else base64 (both exact)."""
    try:
        return {"text": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(data).decode()}
