//! The protocol engine every service speaks through, and the AWS wire helpers shared
//! by the services and the fixture format.
//!
//! [`engine`] routes, decodes, validates and encodes by AWS's models ([`model`], tables
//! in `crate::models`) for awsJson 1.0/1.1, awsQuery, ec2Query, restJson1 and restXml.
//! One place for each rule of the wire (SigV4 credential scopes, aws-chunked bodies,
//! S3 virtual hosts), so the recorder, the router and the services agree on them.

pub mod aws_chunked;
pub mod decode;
pub mod encode;
pub mod engine;
pub mod error;
pub mod host;
pub mod model;
pub mod query;
pub mod rest;
pub mod sigv4;
pub mod time;
pub mod validate;
pub mod xml;
pub mod xml_tree;
