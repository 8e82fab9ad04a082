#!/usr/bin/env python3
"""Writes runtime/src/models/ from AWS's service models as botocore ships them.

Run from anywhere: `python3 codegen/generate.py` (downloads the pinned botocore wheels from
PyPI into a temporary directory, checks their sha256, and rewrites the generated files).
`--check` writes nothing and fails when the committed files differ from what would be
generated. `--wheel-dir DIR` reads wheels already downloaded there.

The models are data about the AWS APIs (Apache-2.0); this script keeps what the protocol
engine needs (operations, shapes, members and their wire traits, errors) and drops the
documentation, so the tables stay small enough to compile quickly.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "runtime" / "src" / "models"

# The botocore release the models come from, and the sha256 of its wheel on PyPI.
BOTOCORE = ("1.44.8", "76342a76c338701db80dcb8afe1c9bd079283d6fffbb9d881442abb02a215043")
# SQS now speaks JSON and its current model keeps no query-protocol names; the last
# release that shipped SQS's query model gives them (`Attribute.1.Name`,
# `AWS.SimpleQueueService.NonExistentQueue`), so both protocols come from AWS's models.
SQS_QUERY_BOTOCORE = ("1.31.0", "bcb0601fabc9f6fb2f7c592e7c9c4dece69ccd8782bfe6cf991a14f7fa35e6f3")

# Emulated services: module name -> (botocore service name, API version).
SERVICES = {
    "apigateway": ("apigateway", "2015-07-09"),
    "dynamodb": ("dynamodb", "2012-08-10"),
    "ec2": ("ec2", "2016-11-15"),
    "events": ("events", "2015-10-07"),
    "iam": ("iam", "2010-05-08"),
    "kms": ("kms", "2014-11-01"),
    "lambda": ("lambda", "2015-03-31"),
    "logs": ("logs", "2014-03-28"),
    "s3": ("s3", "2006-03-01"),
    "secretsmanager": ("secretsmanager", "2017-10-17"),
    "sns": ("sns", "2010-03-31"),
    "sqs": ("sqs", "2012-11-05"),
    "ssm": ("ssm", "2014-11-06"),
    "sts": ("sts", "2011-06-15"),
    "timestreamwrite": ("timestream-write", "2018-11-01"),
}

PROTOCOLS = {
    ("json", "1.0"): "AwsJson1_0",
    ("json", "1.1"): "AwsJson1_1",
    ("query", None): "Query",
    ("ec2", None): "Ec2Query",
    ("rest-json", None): "RestJson1",
    ("rest-xml", None): "RestXml",
}

KINDS = {
    "structure": "Structure",
    "list": "List",
    "map": "Map",
    "string": "String",
    "integer": "Integer",
    "long": "Long",
    "float": "Float",
    "double": "Double",
    "boolean": "Boolean",
    "blob": "Blob",
    "timestamp": "Timestamp",
}

LOCATIONS = {
    None: None,
    "header": "Header",
    "headers": "Headers",
    "uri": "Uri",
    "querystring": "QueryString",
    "statusCode": "StatusCode",
}

TIMESTAMP_FORMATS = {
    "iso8601": "Iso8601",
    "rfc822": "Rfc822",
    "unixTimestamp": "UnixTimestamp",
}


def wheel(version: tuple[str, str], wheel_dir: Path) -> zipfile.ZipFile:
    """The botocore wheel `version`, downloaded from PyPI unless already in `wheel_dir`."""
    number, sha256 = version
    path = wheel_dir / f"botocore-{number}-py3-none-any.whl"
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary=:all:", "--dest", str(wheel_dir), f"botocore=={number}"],
            check=True,
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if sha256 and digest != sha256:
        sys.exit(f"{path.name}: sha256 {digest}, expected {sha256}")
    return zipfile.ZipFile(path)


def load_model(archive: zipfile.ZipFile, service: str, api_version: str) -> dict:
    base = f"botocore/data/{service}/{api_version}/service-2.json"
    names = set(archive.namelist())
    if base + ".gz" in names:
        return json.loads(gzip.decompress(archive.read(base + ".gz")))
    if base in names:
        return json.loads(archive.read(base))
    sys.exit(f"{archive.filename} has no {base}")


def merge_query_traits(model: dict, query_model: dict) -> None:
    """Adds the query-protocol names of an older query model to a JSON model in place."""
    model["metadata"]["xmlNamespace"] = query_model["metadata"]["xmlNamespace"]
    old_shapes = query_model["shapes"]
    for name, shape in model["shapes"].items():
        old = old_shapes.get(name)
        if old is None or old["type"] != shape["type"]:
            continue
        for trait in ("flattened", "error"):
            if trait in old and trait not in shape:
                shape[trait] = old[trait]
        for part in ("member", "key", "value"):
            if part in shape and part in old:
                for trait in ("locationName", "flattened"):
                    if trait in old[part]:
                        shape[part].setdefault(trait, old[part][trait])
        for member_name, member in shape.get("members", {}).items():
            old_member = old.get("members", {}).get(member_name)
            if old_member is None:
                continue
            for trait in ("locationName", "queryName", "flattened"):
                if trait in old_member:
                    member.setdefault(trait, old_member[trait])
    for name, operation in model["operations"].items():
        old = query_model["operations"].get(name)
        if old and "output" in operation and "resultWrapper" in old.get("output", {}):
            operation["output"]["resultWrapper"] = old["output"]["resultWrapper"]


def rust_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def option_str(text: str | None) -> str:
    return "None" if text is None else f"Some({rust_str(text)})"


def number(value) -> str:
    return f"Some({float(value)!r})" if value is not None else "None"


def reachable_shapes(model: dict) -> list[str]:
    """Every shape an operation's input, output or errors reaches, sorted by name."""
    shapes = model["shapes"]
    seen: set[str] = set()
    stack = []
    for operation in model["operations"].values():
        for part in ("input", "output"):
            if part in operation:
                stack.append(operation[part]["shape"])
        stack.extend(error["shape"] for error in operation.get("errors", []))
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        stack.extend(member["shape"] for member in shape.get("members", {}).values())
        stack.extend(shape[part]["shape"] for part in ("member", "key", "value") if part in shape)
    return sorted(seen)


def ec2_query_name(name: str, ref: dict) -> str | None:
    """The key EC2's query protocol sends a member under, when it is not the member's
    name: its queryName, else its locationName with the first letter capitalised."""
    wire = ref.get("queryName")
    if wire is None and ref.get("locationName"):
        location = ref["locationName"]
        wire = location[0].upper() + location[1:]
    return wire if wire is not None and wire != name else None


def member_literal(name: str, ref: dict, index: dict[str, int], required: bool,
                   ec2: bool = False) -> str:
    fields = [f"name: {rust_str(name)}", f"shape: {index[ref['shape']]}"]
    location = LOCATIONS[ref.get("location")]
    if location:
        fields.append(f"location: Location::{location}")
    query_name = ec2_query_name(name, ref) if ec2 else ref.get("queryName")
    if query_name is not None:
        fields.append(f"query_name: Some({rust_str(query_name)})")
    for trait, field in (("locationName", "location_name"), ("xmlNamespace", "xml_namespace")):
        value = ref.get(trait)
        if isinstance(value, dict):
            value = value.get("uri")
        if value is not None:
            fields.append(f"{field}: Some({rust_str(value)})")
    for trait, field in (("flattened", "flattened"), ("xmlAttribute", "xml_attribute"),
                         ("idempotencyToken", "idempotency_token"), ("hostLabel", "host_label"),
                         ("streaming", "streaming")):
        if ref.get(trait):
            fields.append(f"{field}: true")
    if required:
        fields.append("required: true")
    return "Member { " + ", ".join(fields) + ", ..Member::DEFAULT }"


def error_literal(name: str, shape: dict) -> str | None:
    if not shape.get("exception"):
        return None
    error = shape.get("error", {})
    fault = shape.get("fault", False)
    status = error.get("httpStatusCode", 500 if fault else 400)
    sender = error.get("senderFault", not fault)
    code = error.get("code", name)
    # A JSON model merged with query names keeps its own code; the query one differs.
    query_code = None
    if shape.get("_json_code_is_name") and code != name:
        query_code, code = code, name
    return (f"Some(ErrorInfo {{ code: {rust_str(code)}, query_code: {option_str(query_code)}, "
            f"status: {status}, sender_fault: {str(sender).lower()} }})")


def shape_literal(name: str, shape: dict, index: dict[str, int], ec2: bool) -> str:
    kind = KINDS[shape["type"]]
    if shape["type"] == "structure" and shape.get("union"):
        kind = "Union"
    fields = [f"name: {rust_str(name)}", f"kind: Kind::{kind}"]
    if shape["type"] == "structure":
        required = set(shape.get("required", []))
        members = [member_literal(member_name, ref, index, member_name in required, ec2)
                   for member_name, ref in shape["members"].items()]
    else:
        members = [member_literal(part, shape[part], index, False)
                   for part in ("member", "key", "value") if part in shape]
    if members:
        fields.append("members: &[" + ", ".join(members) + "]")
    if shape.get("flattened"):
        fields.append("flattened: true")
    if "min" in shape:
        fields.append(f"min: {number(shape['min'])}")
    if "max" in shape:
        fields.append(f"max: {number(shape['max'])}")
    if "enum" in shape:
        fields.append("values: &[" + ", ".join(rust_str(value) for value in shape["enum"]) + "]")
    if "timestampFormat" in shape:
        fields.append(f"timestamp_format: Some(TimestampFormat::{TIMESTAMP_FORMATS[shape['timestampFormat']]})")
    if "payload" in shape:
        fields.append(f"payload: Some({rust_str(shape['payload'])})")
    error = error_literal(name, shape)
    if error:
        fields.append(f"error: {error}")
    if shape.get("streaming"):
        fields.append("streaming: true")
    if shape.get("sensitive"):
        fields.append("sensitive: true")
    if shape.get("locationName"):
        fields.append(f"location_name: Some({rust_str(shape['locationName'])})")
    return "Shape { " + ", ".join(fields) + ", ..Shape::DEFAULT }"


def operation_literal(operation: dict, index: dict[str, int]) -> str:
    http = operation["http"]
    fields = [
        f"name: {rust_str(operation['name'])}",
        f"method: {rust_str(http['method'])}",
        f"uri: {rust_str(http['requestUri'])}",
    ]
    if "responseCode" in http:
        fields.append(f"status: {http['responseCode']}")
    if "input" in operation:
        fields.append(f"input: Some({index[operation['input']['shape']]})")
        for trait, field in (("locationName", "input_location_name"),
                             ("xmlNamespace", "input_xml_namespace")):
            value = operation["input"].get(trait)
            if isinstance(value, dict):
                value = value.get("uri")
            if value is not None:
                fields.append(f"{field}: Some({rust_str(value)})")
    if "output" in operation:
        fields.append(f"output: Some({index[operation['output']['shape']]})")
        if "resultWrapper" in operation["output"]:
            fields.append(f"result_wrapper: Some({rust_str(operation['output']['resultWrapper'])})")
    errors = [str(index[error["shape"]]) for error in operation.get("errors", [])]
    if errors:
        fields.append("errors: &[" + ", ".join(errors) + "]")
    if operation.get("readonly"):
        fields.append("readonly: true")
    if operation.get("deprecated"):
        fields.append("deprecated: true")
    return "Operation { " + ", ".join(fields) + ", ..Operation::DEFAULT }"


def render(module: str, model: dict, source: str) -> str:
    metadata = model["metadata"]
    protocol = PROTOCOLS.get((metadata["protocol"], metadata.get("jsonVersion")))
    if protocol is None:
        protocol = PROTOCOLS[(metadata["protocol"], None)]
    names = reachable_shapes(model)
    if len(names) > 65535:
        sys.exit(f"{module}: {len(names)} shapes do not fit a u16 index")
    index = {name: position for position, name in enumerate(names)}
    operations = sorted(model["operations"].values(), key=lambda operation: operation["name"])
    lines = [
        f"//! {metadata.get('serviceFullName', module)}, generated by codegen/generate.py from",
        f"//! {source}.",
        "//! Do not edit; run `python3 codegen/generate.py`.",
        "",
        "use crate::protocol::model::*;",
        "",
        "/// The service's model.",
        "pub static MODEL: ServiceModel = ServiceModel {",
        f"    name: {rust_str(module)},",
        f"    signing_name: {rust_str(metadata.get('signingName', metadata['endpointPrefix']))},",
        f"    endpoint_prefix: {rust_str(metadata['endpointPrefix'])},",
        f"    api_version: {rust_str(metadata['apiVersion'])},",
        f"    protocol: WireProtocol::{protocol},",
        f"    target_prefix: {option_str(metadata.get('targetPrefix'))},",
        f"    xml_namespace: {option_str(metadata.get('xmlNamespace'))},",
        f"    query_compatible: {str('awsQueryCompatible' in metadata).lower()},",
        "    operations: &OPERATIONS,",
        "    shapes: &SHAPES,",
        "};",
        "",
        f"static OPERATIONS: [Operation; {len(operations)}] = [",
    ]
    lines += [f"    {operation_literal(operation, index)}," for operation in operations]
    lines += ["];", "", f"static SHAPES: [Shape; {len(names)}] = ["]
    ec2 = metadata["protocol"] == "ec2"
    lines += [f"    {shape_literal(name, model['shapes'][name], index, ec2)}," for name in names]
    lines += ["];", ""]
    return "\n".join(lines)


def render_index() -> str:
    lines = [
        "//! AWS's service models of the emulated services, as tables the protocol engine",
        "//! reads: generated by codegen/generate.py. Do not edit; run",
        "//! `python3 codegen/generate.py`.",
        "",
    ]
    for module in SERVICES:
        lines += [f"#[rustfmt::skip]", f"pub mod {module};"]
    lines += [
        "",
        "use crate::protocol::model::ServiceModel;",
        "",
        "/// The botocore release the models come from.",
        f"pub const BOTOCORE_VERSION: &str = {rust_str(BOTOCORE[0])};",
        "",
        "/// Every model, by module name.",
        f"pub static ALL: [&ServiceModel; {len(SERVICES)}] = [",
    ]
    # One per line, as rustfmt writes it.
    lines += [f"    &{module}::MODEL," for module in SERVICES]
    lines += ["];", ""]
    return "\n".join(lines)


def generate(wheel_dir: Path) -> dict[Path, str]:
    current = wheel(BOTOCORE, wheel_dir)
    files = {OUT / "mod.rs": render_index()}
    for module, (service, api_version) in SERVICES.items():
        model = load_model(current, service, api_version)
        source = f"botocore {BOTOCORE[0]}'s {service} {api_version} model"
        if module == "sqs":
            query_model = load_model(wheel(SQS_QUERY_BOTOCORE, wheel_dir), service, api_version)
            for shape in model["shapes"].values():
                shape["_json_code_is_name"] = True
            merge_query_traits(model, query_model)
            source += f",\n//! with the query names of botocore {SQS_QUERY_BOTOCORE[0]}'s"
        files[OUT / f"{module}.rs"] = render(module, model, source)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="fail if the committed files differ; write nothing")
    parser.add_argument("--wheel-dir", type=Path, help="where the wheels are (or go)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        files = generate(args.wheel_dir or Path(scratch))
    if args.check:
        stale = [path for path, text in files.items()
                 if not path.exists() or path.read_text() != text]
        expected = set(files)
        extra = [path for path in OUT.glob("*.rs") if path not in expected]
        if stale or extra:
            for path in stale + extra:
                print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
            sys.exit("the generated models differ: run `python3 codegen/generate.py` and commit")
        print(f"{len(files)} generated files are up to date")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text)
    print(f"wrote {len(files)} files to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
