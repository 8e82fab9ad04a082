//! A function's code as requests give it: a .zip uploaded with the request (kept, with
//! its digest), a .zip in S3 (a reference), or a container image; and where GetFunction
//! says it is.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use serde_json::{Value, json};

use super::error;
use super::input::text;
use super::model::{Code, Package};
use crate::protocol::error::ServiceError;
use crate::services::Context;

/// The first bytes of a .zip archive (a local file header, or the end of an empty one).
const ZIP_SIGNATURES: [&[u8]; 2] = [b"PK\x03\x04", b"PK\x05\x06"];

/// The code `members` give (CreateFunction's `Code`, UpdateFunctionCode's input), for a
/// function of `package_type`, checked. Nothing is drawn from the random source here.
pub(super) fn code_from(members: &Value, package_type: &str) -> Result<Code, ServiceError> {
    let zip = text(members, "ZipFile");
    let bucket = text(members, "S3Bucket");
    let key = text(members, "S3Key");
    let image = text(members, "ImageUri");
    if package_type == "Image" {
        if zip.is_some() || bucket.is_some() || key.is_some() {
            return Err(error::invalid_parameter(
                "Please provide ImageUri, not ZipFile, S3Bucket or S3Key, for a function with PackageType Image.",
            ));
        }
        let uri = image.ok_or_else(|| {
            error::invalid_parameter(
                "Please provide ImageUri for a function with PackageType Image.",
            )
        })?;
        return Ok(Code {
            package: Package::Image {
                uri: uri.to_owned(),
            },
            sha256: uri
                .split_once("@sha256:")
                .map(|(_, digest)| digest.to_owned()),
            size: Some(0),
            location: None,
        });
    }
    if image.is_some() {
        return Err(error::invalid_parameter(
            "ImageUri is only for functions with PackageType Image: provide ZipFile, or S3Bucket and S3Key.",
        ));
    }
    match (zip, bucket, key) {
        (Some(zip), None, None) => {
            let bytes = STANDARD.decode(zip).unwrap_or_default();
            if !ZIP_SIGNATURES
                .iter()
                .any(|signature| bytes.starts_with(signature))
            {
                return Err(error::invalid_parameter(
                    "Could not unzip uploaded file. Please check your file, then try to upload again.",
                ));
            }
            Ok(Code {
                sha256: Some(sha256_base64(&bytes)),
                size: Some(bytes.len() as u64),
                package: Package::Zip(Bytes::from(bytes)),
                location: None,
            })
        }
        (None, Some(bucket), Some(key)) => Ok(Code {
            package: Package::S3 {
                bucket: bucket.to_owned(),
                key: key.to_owned(),
                object_version: text(members, "S3ObjectVersion").map(str::to_owned),
            },
            // The object is not read, so its digest and size are not known.
            sha256: None,
            size: None,
            location: None,
        }),
        (None, None, None) => Err(error::invalid_parameter(
            "Please provide a source for function code.",
        )),
        (Some(_), _, _) => Err(error::invalid_parameter(
            "Please provide only one source for function code: ZipFile, or S3Bucket and S3Key.",
        )),
        (None, _, _) => Err(error::invalid_parameter(
            "Please provide both S3Bucket and S3Key for function code in S3.",
        )),
    }
}

/// The SHA-256 of `bytes`, base64, as Lambda reports `CodeSha256`. The digest comes from
/// s3s, the one SHA-256 already in the dependency tree.
fn sha256_base64(bytes: &[u8]) -> String {
    use s3s::crypto::Checksum as _;
    let mut hasher = s3s::crypto::Sha256::new();
    hasher.update(bytes);
    STANDARD.encode(hasher.finalize().as_ref())
}

/// Gives stored .zip code the place Lambda keeps packages in (a key drawn from the
/// seeded source), which GetFunction reports as its location.
pub(super) fn place(code: &mut Code, context: &Context<'_>, name: &str) {
    if matches!(code.package, Package::Image { .. }) {
        return;
    }
    let region = &context.route.region;
    code.location = Some(format!(
        "https://awslambda-{region}-tasks.s3.{region}.amazonaws.com/snapshots/{}/{name}-{}",
        context.account_id,
        context.random.uuid4()
    ));
}

/// Where GetFunction says the code is.
pub(super) fn code_location(code: &Code) -> Value {
    match &code.package {
        Package::Image { uri } => {
            let mut out = json!({"RepositoryType": "ECR", "ImageUri": uri});
            if uri.contains("@sha256:") {
                out["ResolvedImageUri"] = json!(uri);
            }
            out
        }
        Package::Zip(_) | Package::S3 { .. } => {
            let mut out = json!({"RepositoryType": "S3"});
            if let Some(location) = &code.location {
                out["Location"] = json!(location);
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest .zip archive: an empty one.
    const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

    #[test]
    fn zip_code_is_kept_with_its_digest() {
        let code = code_from(&json!({"ZipFile": STANDARD.encode(EMPTY_ZIP)}), "Zip").unwrap();
        assert_eq!(code.size, Some(22));
        // The SHA-256 of the empty archive, base64 (`openssl dgst -sha256 -binary | base64`).
        assert_eq!(
            code.sha256.as_deref(),
            Some("hznHbmgfkAkjuQDJ3w73XPQh05yrtUZQxLmtGbanbYU=")
        );
        assert_eq!(code.package, Package::Zip(Bytes::from_static(EMPTY_ZIP)));
        let not_zip = code_from(&json!({"ZipFile": STANDARD.encode(b"hello")}), "Zip");
        assert_eq!(not_zip.unwrap_err().code, "InvalidParameterValueException");
    }

    #[test]
    fn code_comes_from_exactly_one_source() {
        let s3 = code_from(&json!({"S3Bucket": "b", "S3Key": "k.zip"}), "Zip").unwrap();
        assert_eq!((s3.sha256, s3.size), (None, None));
        for members in [
            json!({}),
            json!({"S3Bucket": "b"}),
            json!({"ZipFile": STANDARD.encode(EMPTY_ZIP), "S3Bucket": "b", "S3Key": "k"}),
            json!({"ImageUri": "repo:latest"}),
        ] {
            assert_eq!(
                code_from(&members, "Zip").unwrap_err().code,
                "InvalidParameterValueException",
                "{members}"
            );
        }
        let image = code_from(
            &json!({"ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc"}),
            "Image",
        )
        .unwrap();
        assert_eq!(image.sha256.as_deref(), Some("abc"));
        assert_eq!(image.size, Some(0));
    }
}
