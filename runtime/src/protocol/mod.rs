//! AWS wire helpers shared by every service and by the fixture format.
//!
//! One place for each rule of the wire (SigV4 credential scopes, aws-chunked bodies,
//! S3 virtual hosts), so the recorder, the router and the services agree on them.

pub mod aws_chunked;
pub mod error;
pub mod host;
pub mod query;
pub mod sigv4;
pub mod time;
pub mod xml;
