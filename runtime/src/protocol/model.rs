//! The shape of AWS's service models as the protocol engine reads them: the tables in
//! `crate::models`, generated from botocore's JSON models by `codegen/generate.py`.
//!
//! Shapes refer to each other by index into their service's `shapes`, so a whole model
//! is a few static arrays: nothing is built or allocated at run time.

/// A shape's index in its service's [`ServiceModel::shapes`].
pub type ShapeId = u16;

/// The wire protocol a service's model names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireProtocol {
    /// JSON 1.0 over `X-Amz-Target` (DynamoDB, SQS).
    AwsJson1_0,
    /// JSON 1.1 over `X-Amz-Target`.
    AwsJson1_1,
    /// The query protocol (form bodies with `Action=`, XML answers).
    Query,
    /// EC2's variant of the query protocol.
    Ec2Query,
    /// REST with JSON bodies.
    RestJson1,
    /// REST with XML bodies (S3).
    RestXml,
}

/// One AWS service's model.
#[derive(Debug)]
pub struct ServiceModel {
    /// The module the tables live in (`sqs`, `ec2`, ...).
    pub name: &'static str,
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// The first label of the service's AWS hosts.
    pub endpoint_prefix: &'static str,
    /// The API version (`2012-11-05`), which query requests carry as `Version`.
    pub api_version: &'static str,
    /// The protocol the model is written for.
    pub protocol: WireProtocol,
    /// The `X-Amz-Target` prefix of the JSON protocols (`AmazonSQS`).
    pub target_prefix: Option<&'static str>,
    /// The XML namespace of query and REST-XML answers.
    pub xml_namespace: Option<&'static str>,
    /// The service moved from the query protocol to JSON and still answers query error
    /// codes in `x-amzn-query-error` (SQS).
    pub query_compatible: bool,
    /// Every operation, sorted by name.
    pub operations: &'static [Operation],
    /// Every shape the operations reach, sorted by name.
    pub shapes: &'static [Shape],
}

impl ServiceModel {
    /// The operation called `name`.
    pub fn operation(&self, name: &str) -> Option<&'static Operation> {
        self.operations
            .binary_search_by(|operation| operation.name.cmp(name))
            .ok()
            .map(|index| &self.operations[index])
    }

    /// The shape at `id`. Generated indexes are always in range; a bad one is a bug in
    /// the generator and reads as the first shape rather than panicking.
    pub fn shape(&self, id: ShapeId) -> &'static Shape {
        self.shapes.get(usize::from(id)).unwrap_or(&self.shapes[0])
    }

    /// The shape called `name`.
    pub fn shape_named(&self, name: &str) -> Option<&'static Shape> {
        self.shapes
            .binary_search_by(|shape| shape.name.cmp(name))
            .ok()
            .map(|index| &self.shapes[index])
    }
}

/// One operation of a service.
#[derive(Debug)]
pub struct Operation {
    /// Its name (`SendMessage`).
    pub name: &'static str,
    /// Its HTTP method (REST protocols).
    pub method: &'static str,
    /// Its request URI template (`/{Bucket}/{Key+}?uploads`).
    pub uri: &'static str,
    /// The HTTP status of a successful answer.
    pub status: u16,
    /// The input structure.
    pub input: Option<ShapeId>,
    /// The XML element the input payload is written as (S3 `CreateBucketConfiguration`).
    pub input_location_name: Option<&'static str>,
    /// The XML namespace of that element.
    pub input_xml_namespace: Option<&'static str>,
    /// The output structure.
    pub output: Option<ShapeId>,
    /// The query protocol's `<...Result>` element around the output.
    pub result_wrapper: Option<&'static str>,
    /// The modelled errors.
    pub errors: &'static [ShapeId],
    /// AWS marks the operation as changing nothing.
    pub readonly: bool,
    /// AWS keeps the operation only for old clients (S3's `GetBucketLifecycle`).
    pub deprecated: bool,
}

impl Operation {
    /// The defaults the generated tables fill in from.
    pub const DEFAULT: Operation = Operation {
        name: "",
        method: "POST",
        uri: "/",
        status: 200,
        input: None,
        input_location_name: None,
        input_xml_namespace: None,
        output: None,
        result_wrapper: None,
        errors: &[],
        readonly: false,
        deprecated: false,
    };
}

/// What kind of value a shape is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Named members.
    Structure,
    /// Exactly one of its members.
    Union,
    /// A list; `members[0]` is the element.
    List,
    /// A map; `members[0]` is the key, `members[1]` the value.
    Map,
    /// Text.
    String,
    /// A 32-bit integer.
    Integer,
    /// A 64-bit integer.
    Long,
    /// A 32-bit float.
    Float,
    /// A 64-bit float.
    Double,
    /// true or false.
    Boolean,
    /// Bytes (base64 in JSON and XML).
    Blob,
    /// A point in time.
    Timestamp,
}

/// How a timestamp is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `2024-01-01T00:00:00.000Z`.
    Iso8601,
    /// `Mon, 01 Jan 2024 00:00:00 GMT`.
    Rfc822,
    /// Seconds since the epoch, with a fraction.
    UnixTimestamp,
}

/// Where a member travels in a REST request or response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// In the body.
    Body,
    /// In one header.
    Header,
    /// In every header with a prefix (a map).
    Headers,
    /// In the URI path.
    Uri,
    /// In the query string.
    QueryString,
    /// As the response's HTTP status.
    StatusCode,
}

/// A modelled error's wire traits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The error code.
    pub code: &'static str,
    /// The code query clients see, when it differs (`AWS.SimpleQueueService.NonExistentQueue`).
    pub query_code: Option<&'static str>,
    /// The HTTP status.
    pub status: u16,
    /// The caller is at fault (query `Type` `Sender`).
    pub sender_fault: bool,
}

/// A shape of a service's model.
#[derive(Debug)]
pub struct Shape {
    /// Its name in the model.
    pub name: &'static str,
    /// What kind of value it is.
    pub kind: Kind,
    /// Structure members; a list's element; a map's key and value.
    pub members: &'static [Member],
    /// A list or map written without a wrapper element.
    pub flattened: bool,
    /// Least length (strings, blobs, lists, maps) or value (numbers).
    pub min: Option<f64>,
    /// Greatest length or value.
    pub max: Option<f64>,
    /// The values an enum string allows.
    pub values: &'static [&'static str],
    /// How a timestamp shape is written, when the model says.
    pub timestamp_format: Option<TimestampFormat>,
    /// The member that is the whole HTTP body (REST).
    pub payload: Option<&'static str>,
    /// Set on error shapes.
    pub error: Option<ErrorInfo>,
    /// A blob or string streamed as the body.
    pub streaming: bool,
    /// A secret (passwords, secret values): never quoted in messages.
    pub sensitive: bool,
    /// The XML element name the shape is written as.
    pub location_name: Option<&'static str>,
}

impl Shape {
    /// The defaults the generated tables fill in from.
    pub const DEFAULT: Shape = Shape {
        name: "",
        kind: Kind::String,
        members: &[],
        flattened: false,
        min: None,
        max: None,
        values: &[],
        timestamp_format: None,
        payload: None,
        error: None,
        streaming: false,
        sensitive: false,
        location_name: None,
    };

    /// The member called `name`.
    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.members.iter().find(|member| member.name == name)
    }
}

/// A member of a structure (or a list's element, or a map's key or value).
#[derive(Debug)]
pub struct Member {
    /// Its name (the JSON key).
    pub name: &'static str,
    /// Its shape.
    pub shape: ShapeId,
    /// Where it travels (REST).
    pub location: Location,
    /// Its header, URI label, query key or XML element name.
    pub location_name: Option<&'static str>,
    /// The key EC2's query protocol sends it under, when that is not its name (the
    /// model's queryName, else its location name capitalised: `InstanceId` for
    /// `InstanceIds`).
    pub query_name: Option<&'static str>,
    /// Its XML namespace.
    pub xml_namespace: Option<&'static str>,
    /// A list or map written without a wrapper element.
    pub flattened: bool,
    /// Written as an XML attribute.
    pub xml_attribute: bool,
    /// An idempotency token, which SDKs fill in when the caller leaves it out.
    pub idempotency_token: bool,
    /// Part of the host name.
    pub host_label: bool,
    /// Streamed as the body.
    pub streaming: bool,
    /// The caller must send it.
    pub required: bool,
}

impl Member {
    /// The defaults the generated tables fill in from.
    pub const DEFAULT: Member = Member {
        name: "",
        shape: 0,
        location: Location::Body,
        location_name: None,
        query_name: None,
        xml_namespace: None,
        flattened: false,
        xml_attribute: false,
        idempotency_token: false,
        host_label: false,
        streaming: false,
        required: false,
    };

    /// The name it travels under: its location name, else its member name.
    pub fn wire_name(&self) -> &'static str {
        self.location_name.unwrap_or(self.name)
    }
}
