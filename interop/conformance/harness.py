"""What a scenario sees: boto3 clients for one server whose every call is recorded.

A scenario is a plain function taking an `Aws`; it calls boto3 as application code
would. Each call's outcome (the parsed output without ResponseMetadata, or the error
code and HTTP status) is kept in order, labelled by operation name (`PutItem`,
`PutItem#2`, ...). A failed call returns an empty `Failed` dict, so a scenario goes on;
`dig` reads nested values with a fallback for that case.
"""

import boto3
import botocore.config
import botocore.exceptions
from botocore.response import StreamingBody

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
# No retries: a missing or failing operation answers once, as it is.
CONFIG = botocore.config.Config(
    retries={"max_attempts": 1, "mode": "standard"},
    s3={"addressing_style": "path"},
    connect_timeout=5,
    read_timeout=30,
)


class Failed(dict):
    """The value a failed call returns: empty, so `dig` falls back."""


class Call:
    """One recorded call."""

    def __init__(self, label, operation, outcome, message=None, random_keys=()):
        self.label = label
        self.operation = operation
        self.outcome = outcome  # {"output": ...} | {"error": {...}} | {"exception": name}
        self.message = message  # error message: shown, never compared
        self.random_keys = frozenset(random_keys)


class Aws:
    """The clients of one server for one scenario run."""

    def __init__(self, endpoint: str, client_cache: dict):
        self.endpoint = endpoint
        self.calls: list[Call] = []
        self._cache = client_cache
        self._labels: dict[str, int] = {}

    def client(self, service: str, region: str = "us-east-1", credentials: dict | None = None):
        creds = credentials or CREDENTIALS
        key = (service, region, tuple(sorted(creds.items())))
        if key not in self._cache:
            session = boto3.session.Session(region_name=region, **creds)
            self._cache[key] = session.client(service, endpoint_url=self.endpoint, config=CONFIG)
        return Recorded(self._cache[key], self)

    def setup_client(self, service: str, region: str = "us-east-1"):
        """A plain client for repetitive setup whose answers are not compared."""
        return self.client(service, region)._client

    def label(self, operation: str) -> str:
        count = self._labels.get(operation, 0) + 1
        self._labels[operation] = count
        return operation if count == 1 else f"{operation}#{count}"

    def stopped(self, error: BaseException):
        """A scenario that raised: what it did not reach shows as missing calls."""
        self.calls.append(
            Call("(scenario stopped)", None, {"exception": type(error).__name__}, str(error)[:300])
        )


class Recorded:
    """A boto3 client whose operation calls are recorded on `aws`.

    Extra keyword `_random=(key, ...)`: keys whose values this call draws at random
    (e.g. the fingerprint of a generated key pair) and the normaliser may replace.
    """

    def __init__(self, client, aws: Aws):
        self._client = client
        self._aws = aws

    @property
    def meta(self):
        return self._client.meta

    def __getattr__(self, name):
        method = getattr(self._client, name)
        operation = self._client.meta.method_to_api_mapping.get(name)
        if operation is None:
            return method  # not an operation (exceptions, waiters...)

        def call(_random=(), **kwargs):
            label = self._aws.label(operation)
            try:
                output = method(**kwargs)
            except botocore.exceptions.ClientError as error:
                info = error.response.get("Error", {})
                status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
                outcome = {"error": {"Code": info.get("Code"), "HTTPStatus": status}}
                self._aws.calls.append(Call(label, operation, outcome, info.get("Message")))
                return Failed()
            except Exception as error:  # noqa: BLE001
                # Unparsable answers (ResponseParserError is no BotoCoreError), timeouts,
                # refused connections, invalid parameters: the type is the outcome.
                outcome = {"exception": type(error).__name__}
                self._aws.calls.append(Call(label, operation, outcome, str(error)[:300]))
                return Failed()
            output.pop("ResponseMetadata", None)
            for key, value in list(output.items()):
                if isinstance(value, StreamingBody):
                    output[key] = value.read()
            self._aws.calls.append(Call(label, operation, {"output": output}, None, _random))
            return output

        return call


def dig(value, *path, default=None):
    """`value[path[0]][path[1]]...`, or `default` when any step is absent."""
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return default
    return value
